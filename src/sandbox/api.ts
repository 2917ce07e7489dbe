/**
 * The sandbox's programmatic API (the admin HTTP API is a thin layer over it): create phones and
 * contacts, link a client by its QR, make contacts send messages and post statuses, set profile
 * pictures, see what clients sent, send receipts, inject faults.
 */
import { proto } from '@whiskeysockets/baileys'
import type { MediaType } from '@whiskeysockets/baileys'
import type { Addressing, Core } from './core.ts'
import { badRequest, notFound } from './errors.ts'
import { lidJid, parseUserJid, pnJid } from './jid.ts'
import { unlinkDevice } from './login.ts'
import { decryptMedia, encryptMedia, mediaOf } from './media.ts'
import type { MediaService } from './media.ts'
import { messageFromJson } from './message-content.ts'
import { sendGroupMessageFromUser } from './group-messages.ts'
import { changeParticipants, createGroup, groupJid, requireGroup } from './groups.ts'
import type { ContactState, GroupState, PhoneState, ReceivedMessageRecord, SentMessageRecord, UserState } from './model.ts'
import { enterPairingCode, scanQr } from './pairing.ts'
import { sendPresence } from './presence.ts'
import type { PictureOwner, ProfilePictureInfo, ProfilePictureService } from './profile-pictures.ts'
import type { PresenceType } from './presence.ts'
import type { LinkedDeviceInfo } from './pairing.ts'
import { sendReceiptForSent } from './receipts.ts'
import { parseArgb, postStatusFromUser } from './status-messages.ts'
import type { ReceiptType } from './receipts.ts'
import { sendFromUser } from './virtual-contact.ts'
import type { NewUserInput } from './world.ts'

export type DeviceInfo = {
  id: number
  /** The companion's own JIDs, e.g. `15550001111:1@s.whatsapp.net` and `123...:1@lid`. */
  jid: string
  lid: string
  platform: string
  pairedAt: string
  lastLoginAt?: string
  online: boolean
  /** Stanzas waiting for the device's next login. */
  pendingStanzas: number
  /** Uploaded one-time pre-keys not yet used. */
  preKeys: number
}

export type UserInfo = { pn: string; lid: string; name: string; jid: string; lidJid: string }
export type PhoneInfo = UserInfo & { devices: DeviceInfo[] }
export type ContactInfo = UserInfo

export type GroupInfo = {
  id: string
  /** `<id>@g.us` */
  jid: string
  subject: string
  /** Creator PN digits. */
  creator: string
  creation: number
  participants: (UserInfo & { kind: 'phone' | 'contact'; admin?: 'admin' | 'superadmin' })[]
  announce: boolean
  restrict: boolean
  ephemeral: number
  inviteCode: string
}

export type GroupParticipantsAction = 'add' | 'remove' | 'promote' | 'demote'

/** A file a virtual user sends: the sandbox encrypts and hosts it like WhatsApp's media servers. */
export type MediaInput = {
  kind: 'image' | 'video' | 'audio' | 'document' | 'sticker'
  /** The file: bytes, or base64 (HTTP API). */
  data: Uint8Array | string
  mimetype: string
  caption?: string
  /** Documents. */
  fileName?: string
  /** Audio sent as a voice note. */
  ptt?: boolean
}

/**
 * What to send: text, a media file, or any proto.Message (object or JSON form, bytes as base64:
 * location, contacts, reactions, or media you uploaded yourself...).
 */
export type MessageInput = { text: string } | { media: MediaInput } | { message: proto.IMessage | Record<string, unknown> }

export type SendMessageInput = MessageInput & {
  /** The sending virtual user: a contact, or a phone (speaking from its primary device). */
  from: string
  /** The phone whose linked companions receive it, or a group (JID or id) the sender is a member of. */
  to: string
  /** Message id (default: a new WhatsApp-like id). */
  id?: string
  /** Address the message from the sender's PN (default) or from its LID (`sender_pn` then carries the PN). */
  addressing?: Addressing
  /** Unix seconds (default: now). */
  timestamp?: number
}

/** A status (story) a virtual user posts. */
export type PostStatusInput = MessageInput & {
  /** The posting virtual user (a contact, or a phone speaking from its primary device). */
  from: string
  /** The phones whose linked clients see it (default: every phone but the poster). */
  to?: string[]
  /** Text statuses: background colour, `#RRGGBB`, `#AARRGGBB` or an ARGB number (extendedTextMessage.backgroundArgb). */
  backgroundColor?: string | number
  /** Text statuses: font, a proto FontType value (0-10) or name (e.g. `SYSTEM_BOLD`). */
  font?: number | string
  id?: string
  timestamp?: number
}

export type SendMessageResult = {
  id: string
  timestamp: number
  /**
   * Per companion device id (`"<pn>:<deviceId>"` for group sends): `sent` live, or `queued` until
   * the device logs in again.
   */
  devices: Record<string, 'sent' | 'queued'>
}

export type SentFilter = {
  /** Sender phone (PN digits or JID). */
  phone?: string
  /** Recipient: PN digits, PN JID or LID JID of a user, or the exact chat JID the client used (`status@broadcast` for statuses). */
  to?: string
  /** Only records with a sequence number greater than this (see `cursor()`). */
  since?: number
  id?: string
}

export type ReceivedFilter = {
  /** Recipient phone. */
  phone?: string
  /** Sending user. */
  from?: string
  since?: number
  id?: string
}

export type ConnectionInfo = { id: number; phone?: string; deviceId?: number; state: 'pairing' | 'logged-in' | 'handshake'; silent: boolean }

export type FaultTarget = { phone: string; deviceId?: number }

export type SandboxApi = {
  createPhone(input?: NewUserInput): PhoneInfo
  listPhones(): PhoneInfo[]
  getPhone(id: string): PhoneInfo
  createContact(input?: NewUserInput): ContactInfo
  listContacts(): ContactInfo[]
  getContact(id: string): ContactInfo
  /** Creates a group (creator: a phone or contact, becomes superadmin); members' devices are notified. */
  createGroup(input: { creator: string; subject: string; participants: string[] }): GroupInfo
  listGroups(): GroupInfo[]
  getGroup(id: string): GroupInfo
  /** Adds, removes, promotes or demotes members, as `actor` (a member); devices are notified. */
  updateGroupParticipants(input: { group: string; actor: string; action: GroupParticipantsAction; participants: string[] }): GroupInfo
  /** Links the client that shows `qr` to the phone; resolves once the client accepted the pairing. */
  scanQr(phone: string, qr: string): Promise<LinkedDeviceInfo>
  /** Types on the phone the code a client got from `requestPairingCode(phone)`; links that client. */
  enterPairingCode(phone: string, code: string): Promise<LinkedDeviceInfo>
  sendMessage(input: SendMessageInput): Promise<SendMessageResult>
  /**
   * A virtual user posts a status (to `status@broadcast`): the audience phones' clients get it
   * (Baileys: messages.upsert with remoteJid status@broadcast). Recorded in the received log with
   * `chat: 'status@broadcast'`, one record per phone. `devices` keys are `"<pn>:<deviceId>"`.
   */
  postStatus(input: PostStatusInput): Promise<SendMessageResult>
  listSent(filter?: SentFilter): SentMessageRecord[]
  /** Resolves with the first matching record, present or future (default timeout 10 s). */
  waitForSent(filter: SentFilter & { timeoutMs?: number }): Promise<SentMessageRecord>
  listReceived(filter?: ReceivedFilter): ReceivedMessageRecord[]
  waitForReceived(
    filter: ReceivedFilter & { timeoutMs?: number; until?: (record: ReceivedMessageRecord) => boolean },
  ): Promise<ReceivedMessageRecord>
  /** The latest record sequence number: pass it as `since` to wait only for newer records. */
  cursor(): number
  /**
   * Delivery/read/played receipt from the recipient, for a message a client sent. For a group
   * message, from `from` (a member; default: every other member).
   */
  sendReceipt(input: { messageId: string; type: ReceiptType; from?: string }): SentMessageRecord
  /** Decrypts the media of a message a client sent (downloaded from the sandbox's media store). */
  downloadMedia(messageId: string): Promise<{ mimetype?: string; data: Buffer }>
  /**
   * Sets the profile picture of a user (phone or contact) or a group (JID or id), as clients see it
   * through `profilePictureUrl` (served by the sandbox); clients are told (contacts.update imgUrl).
   * `data`: the image bytes (base64 over HTTP); `mimetype` default image/jpeg.
   */
  setProfilePicture(owner: string, input: { data: Uint8Array | string; mimetype?: string }): Promise<ProfilePictureInfo>
  /** Removes it; returns whether there was one. */
  removeProfilePicture(owner: string): boolean
  /** The current picture and its URLs, or undefined. */
  getProfilePicture(owner: string): ProfilePictureInfo | undefined
  /** Shows a virtual user online/offline/typing/recording to a phone's clients (or a group's); returns how many clients. */
  sendPresence(input: { from: string; to: string; type: PresenceType }): number
  connections(): ConnectionInfo[]
  faults: {
    /** Drops the TCP connection(s) (Baileys: connectionClosed, then it can reconnect). */
    dropSocket(target: FaultTarget): number
    /** Stops answering anything, pings included (Baileys closes after keepAliveIntervalMs + 5 s). */
    silence(target: FaultTarget): number
    /** Unlinks the device(s) server-side (Baileys: loggedOut). */
    logout(target: FaultTarget): number
    /**
     * Acks the phone's next send(s) with an error code (default 500): Baileys marks the message
     * status ERROR (0). WhatsApp acks within milliseconds, and Baileys folds an ack that arrives
     * within ~100 ms of the send into its own buffered `messages.upsert` (status 0 on the message)
     * instead of a `messages.update`; `delayMs` holds the ack back to get a `messages.update`.
     */
    rejectNextSend(target: { phone: string; code?: string; count?: number; delayMs?: number }): void
  }
}

const DEFAULT_WAIT_MS = 10_000

const MEDIA_KINDS = ['image', 'video', 'audio', 'document', 'sticker'] as const

async function mediaMessage(media: MediaService, input: MediaInput): Promise<proto.IMessage> {
  if (!input || typeof input !== 'object' || !MEDIA_KINDS.includes(input.kind)) {
    throw badRequest(`media.kind must be one of ${MEDIA_KINDS.join(', ')}`)
  }
  if (typeof input.mimetype !== 'string' || !input.mimetype) throw badRequest('media.mimetype is required')
  const data = typeof input.data === 'string' ? Buffer.from(input.data, 'base64') : input.data
  if (!(data instanceof Uint8Array) || !data.length) throw badRequest('media.data must be non-empty bytes (base64 over HTTP)')
  const sealed = await encryptMedia(data, input.kind as MediaType)
  const { url, directPath } = media.put(sealed.body)
  const content = {
    url,
    directPath,
    mediaKey: sealed.mediaKey,
    mediaKeyTimestamp: Math.floor(Date.now() / 1000),
    mimetype: input.mimetype,
    fileSha256: sealed.fileSha256,
    fileEncSha256: sealed.fileEncSha256,
    fileLength: sealed.fileLength,
    ...(input.caption !== undefined && input.kind !== 'audio' && input.kind !== 'sticker' ? { caption: input.caption } : {}),
  }
  switch (input.kind) {
    case 'image':
      return { imageMessage: content }
    case 'video':
      return { videoMessage: content }
    case 'audio':
      return { audioMessage: { ...content, ptt: !!input.ptt } }
    case 'document':
      return { documentMessage: { ...content, fileName: input.fileName ?? 'file' } }
    case 'sticker':
      return { stickerMessage: content }
  }
}

const checkMessageId = (id: unknown) => {
  if (id !== undefined && (typeof id !== 'string' || !/^[A-Za-z0-9]{4,64}$/.test(id))) throw badRequest('id must be 4 to 64 letters or digits')
}

function parseFont(font: number | string): number {
  const FontType = proto.Message.ExtendedTextMessage.FontType
  const value = typeof font === 'string' ? FontType[font as keyof typeof FontType] : font
  if (typeof value !== 'number' || !Number.isInteger(value) || FontType[value] === undefined) {
    throw badRequest(`font must be one of ${Object.keys(FontType).filter(k => Number.isNaN(Number(k))).join(', ')} or its number`)
  }
  return value
}

/** A status message: a text status is an extendedTextMessage with its colour and font. */
async function toStatusMessage(input: PostStatusInput, media: MediaService): Promise<proto.IMessage> {
  if ('text' in input && input.text !== undefined) {
    if (typeof input.text !== 'string' || !input.text) throw badRequest('text must be a non-empty string')
    return {
      extendedTextMessage: {
        text: input.text,
        ...(input.backgroundColor !== undefined ? { backgroundArgb: parseArgb(input.backgroundColor) } : {}),
        ...(input.font !== undefined ? { font: parseFont(input.font) } : {}),
      },
    }
  }
  return toMessage(input, media)
}

async function toMessage(input: MessageInput, media: MediaService): Promise<proto.IMessage> {
  if ('media' in input && input.media !== undefined) return mediaMessage(media, input.media)
  if ('text' in input && input.text !== undefined) {
    if (typeof input.text !== 'string' || !input.text) throw badRequest('text must be a non-empty string')
    return { conversation: input.text }
  }
  if ('message' in input && input.message) {
    try {
      return messageFromJson(input.message)
    } catch (err) {
      throw badRequest(`message is not a valid proto.Message: ${(err as Error).message}`)
    }
  }
  throw badRequest('give text or message')
}

export function createSandboxApi(core: Core, media: MediaService, pictures: ProfilePictureService): SandboxApi {
  const { world, hub } = core

  const userInfo = (user: UserState): UserInfo => ({ pn: user.pn, lid: user.lid, name: user.name, jid: pnJid(user.pn), lidJid: lidJid(user.lid) })
  const phoneInfo = (phone: PhoneState): PhoneInfo => ({
    ...userInfo(phone),
    devices: phone.devices.map(device => ({
      id: device.id,
      jid: pnJid(phone.pn, device.id),
      lid: lidJid(phone.lid, device.id),
      platform: device.platform,
      pairedAt: new Date(device.pairedAt).toISOString(),
      ...(device.lastLoginAt ? { lastLoginAt: new Date(device.lastLoginAt).toISOString() } : {}),
      online: !!hub.live(phone.pn, device.id),
      pendingStanzas: device.pending.length,
      preKeys: Object.keys(device.preKeys).length,
    })),
  })
  const contactInfo = (contact: ContactState): ContactInfo => userInfo(contact)
  const groupInfo = (group: GroupState): GroupInfo => ({
    id: group.id,
    jid: groupJid(group),
    subject: group.subject,
    creator: group.creator,
    creation: group.creation,
    participants: group.participants.flatMap(p => {
      const user = world.findUser(p.pn)
      return user ? [{ ...userInfo(user), kind: user.kind, ...(p.admin ? { admin: p.admin } : {}) }] : []
    }),
    announce: group.announce,
    restrict: group.restrict,
    ephemeral: group.ephemeral,
    inviteCode: group.inviteCode,
  })

  const requirePhone = (id: string) => {
    const phone = typeof id === 'string' ? world.findPhone(id) : undefined
    if (!phone) throw notFound(`no phone ${id}`)
    return phone
  }
  const requireUser = (id: string) => {
    const user = typeof id === 'string' ? world.findUser(id) : undefined
    if (!user) throw notFound(`no user ${id}`)
    return user
  }

  const sentMatcher = (filter: SentFilter) => {
    const phone = filter.phone !== undefined ? requirePhone(filter.phone).pn : undefined
    const toUser = filter.to !== undefined && parseUserJid(filter.to) ? world.findUser(filter.to) : undefined
    return (record: SentMessageRecord) =>
      (phone === undefined || record.phone === phone) &&
      (filter.to === undefined || record.to === filter.to || (!!toUser && record.recipient.pn === toUser.pn)) &&
      (filter.since === undefined || record.seq > filter.since) &&
      (filter.id === undefined || record.id === filter.id)
  }
  const receivedMatcher = (filter: ReceivedFilter) => {
    const phone = filter.phone !== undefined ? requirePhone(filter.phone).pn : undefined
    const from = filter.from !== undefined ? requireUser(filter.from).pn : undefined
    return (record: ReceivedMessageRecord) =>
      (phone === undefined || record.phone === phone) &&
      (from === undefined || record.from === from) &&
      (filter.since === undefined || record.seq > filter.since) &&
      (filter.id === undefined || record.id === filter.id)
  }

  const pictureOwner = (id: string): PictureOwner => {
    if (typeof id === 'string' && id.endsWith('@g.us')) return { kind: 'group', group: requireGroup(core, id) }
    const user = typeof id === 'string' ? world.findUser(id) : undefined
    if (user) return { kind: 'user', user }
    const group = typeof id === 'string' ? world.findGroup(id) : undefined
    if (group) return { kind: 'group', group }
    throw notFound(`no user or group ${id}`)
  }

  const targets = ({ phone, deviceId }: FaultTarget) => {
    const state = requirePhone(phone)
    if (deviceId !== undefined && !world.findDevice(state, deviceId)) throw notFound(`phone ${state.pn} has no device ${deviceId}`)
    return { state, devices: state.devices.filter(device => deviceId === undefined || device.id === deviceId) }
  }
  const liveConnections = (target: FaultTarget) => {
    const { state, devices } = targets(target)
    return devices.flatMap(device => hub.live(state.pn, device.id) ?? [])
  }

  return {
    createPhone: input => phoneInfo(world.createPhone(input)),
    listPhones: () => world.phones().map(phoneInfo),
    getPhone: id => phoneInfo(requirePhone(id)),
    createContact: input => contactInfo(world.createContact(input)),
    listContacts: () => world.contacts().map(contactInfo),
    getContact(id) {
      const user = requireUser(id)
      if (user.kind !== 'contact') throw notFound(`no contact ${id}`)
      return contactInfo(user)
    },
    createGroup(input) {
      if (!input || !Array.isArray(input.participants)) throw badRequest('participants must be an array')
      return groupInfo(
        createGroup(core, {
          creator: requireUser(input.creator),
          subject: input.subject,
          participants: input.participants.map(requireUser),
        }),
      )
    },
    listGroups: () => world.groups().map(groupInfo),
    getGroup: id => groupInfo(requireGroup(core, id)),
    updateGroupParticipants(input) {
      const group = requireGroup(core, input.group)
      const actor = requireUser(input.actor)
      if (!['add', 'remove', 'promote', 'demote'].includes(input.action)) throw badRequest('action must be add, remove, promote or demote')
      if (!group.participants.some(p => p.pn === actor.pn)) throw badRequest(`${actor.pn} is not a member of the group`)
      if (!Array.isArray(input.participants)) throw badRequest('participants must be an array')
      changeParticipants(core, group, actor, input.action, input.participants.map(id => pnJid(requireUser(id).pn)))
      return groupInfo(group)
    },
    scanQr: (phone, qr) => scanQr(core, phone, qr),
    enterPairingCode: (phone, code) => enterPairingCode(core, phone, code),
    async sendMessage(input) {
      if (!input || typeof input !== 'object') throw badRequest('body must be an object')
      checkMessageId(input.id)
      const from = requireUser(input.from)
      const group = typeof input.to === 'string' && input.to.endsWith('@g.us') ? requireGroup(core, input.to) : undefined
      if (group) {
        if (!group.participants.some(p => p.pn === from.pn)) throw badRequest(`${from.pn} is not a member of the group`)
        const result = await sendGroupMessageFromUser(core, {
          from,
          group,
          message: await toMessage(input, media),
          ...(input.id !== undefined ? { id: input.id } : {}),
          ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
        })
        return { id: result.id, timestamp: result.timestamp, devices: result.devices }
      }
      const to = requirePhone(input.to)
      if (input.addressing !== undefined && input.addressing !== 'pn' && input.addressing !== 'lid') {
        throw badRequest("addressing must be 'pn' or 'lid'")
      }
      if (!to.devices.length) throw badRequest(`phone ${to.pn} has no linked device to receive the message`)
      const result = await sendFromUser(core, {
        from,
        to,
        message: await toMessage(input, media),
        ...(input.id !== undefined ? { id: input.id } : {}),
        ...(input.addressing !== undefined ? { addressing: input.addressing } : {}),
        ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
      })
      return { id: result.id, timestamp: result.timestamp, devices: result.devices }
    },
    async postStatus(input) {
      if (!input || typeof input !== 'object') throw badRequest('body must be an object')
      checkMessageId(input.id)
      const from = requireUser(input.from)
      if (input.to !== undefined && !Array.isArray(input.to)) throw badRequest('to must be an array of phones')
      const audience = input.to === undefined ? world.phones().filter(phone => phone.pn !== from.pn) : input.to.map(requirePhone)
      const result = await postStatusFromUser(core, {
        from,
        to: audience,
        message: await toStatusMessage(input, media),
        ...(input.id !== undefined ? { id: input.id } : {}),
        ...(input.timestamp !== undefined ? { timestamp: input.timestamp } : {}),
      })
      return { id: result.id, timestamp: result.timestamp, devices: result.devices }
    },
    listSent: (filter = {}) => world.sent.list(sentMatcher(filter)),
    waitForSent: ({ timeoutMs = DEFAULT_WAIT_MS, ...filter }) => world.sent.waitFor(sentMatcher(filter), timeoutMs),
    listReceived: (filter = {}) => world.received.list(receivedMatcher(filter)),
    waitForReceived({ timeoutMs = DEFAULT_WAIT_MS, until, ...filter }) {
      const matches = receivedMatcher(filter)
      return world.received.waitFor(record => matches(record) && (!until || until(record)), timeoutMs)
    },
    cursor: () => world.seq(),
    sendReceipt: input => sendReceiptForSent(core, input),
    async setProfilePicture(owner, input) {
      if (!input || typeof input !== 'object') throw badRequest('give { data, mimetype }')
      const target = pictureOwner(owner)
      const data = typeof input.data === 'string' ? Buffer.from(input.data, 'base64') : input.data
      await pictures.set(target, { data, ...(input.mimetype !== undefined ? { mimetype: input.mimetype } : {}) })
      return pictures.info(target)!
    },
    removeProfilePicture: owner => pictures.remove(pictureOwner(owner)),
    getProfilePicture: owner => pictures.info(pictureOwner(owner)),
    sendPresence({ from, to, type }) {
      const group = typeof to === 'string' && to.endsWith('@g.us') ? requireGroup(core, to) : undefined
      return sendPresence(core, { from: requireUser(from), to: group ?? requirePhone(to), type })
    },
    async downloadMedia(messageId) {
      const record = world.sent.findById(messageId)
      if (!record) throw notFound(`no sent message ${messageId}`)
      const found = record.message ? mediaOf(messageFromJson(record.message)) : undefined
      if (!found?.content.mediaKey || !found.content.directPath) throw badRequest('the message has no media')
      const body = media.get(found.content.directPath)
      if (!body) throw notFound('the media was not uploaded to the sandbox')
      const data = await decryptMedia(body, found.content.mediaKey, found.type)
      return { ...(found.content.mimetype ? { mimetype: found.content.mimetype } : {}), data }
    },
    connections: () =>
      hub.all().map(conn => {
        const session = hub.sessionOf(conn)
        return {
          id: conn.id,
          ...(session ? { phone: session.phone.pn, deviceId: session.device.id } : {}),
          state: session ? 'logged-in' : conn.payload?.devicePairingData ? 'pairing' : 'handshake',
          silent: conn.silent,
        }
      }),
    faults: {
      dropSocket(target) {
        const conns = liveConnections(target)
        for (const conn of conns) conn.terminate()
        return conns.length
      },
      silence(target) {
        const conns = liveConnections(target)
        for (const conn of conns) conn.silent = true
        return conns.length
      },
      logout(target) {
        const { state, devices } = targets(target)
        for (const device of devices) unlinkDevice(core, { phone: state, device })
        return devices.length
      },
      rejectNextSend({ phone, code = '500', count = 1, delayMs = 0 }) {
        const state = requirePhone(phone)
        if (!/^\d{3}$/.test(String(code))) throw badRequest('code must be a 3-digit error code')
        if (!Number.isInteger(count) || count < 1 || count > 1000) throw badRequest('count must be an integer from 1 to 1000')
        if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000) throw badRequest('delayMs must be an integer from 0 to 60000')
        const queue = core.faults.rejectSends.get(state.pn) ?? []
        queue.push(...Array.from({ length: count }, () => ({ code: String(code), delayMs })))
        core.faults.rejectSends.set(state.pn, queue)
      },
    },
  }
}
