/**
 * Virtual users speaking: a contact (or a phone's own primary device) encrypts a message for each
 * linked companion of a phone with its real Signal session (started from the companion's uploaded
 * bundle: `pkmsg` first, then `msg`) and the hub delivers it, live or at the next login.
 */
import { randomBytes } from 'node:crypto'
import type { BinaryNode, proto } from '@whiskeysockets/baileys'
import { TAG } from './constants.ts'
import type { Addressing, Core } from './core.ts'
import type { Delivery } from './hub.ts'
import { lidJid, pnJid } from './jid.ts'
import { encodeMessage, extractText, mediaTypeOf, messageFromJson, messageToJson, stanzaTypeOf } from './message-content.ts'
import type { LinkedDevice, PhoneState, ReceivedMessageRecord, UserState } from './model.ts'
import { takeDeviceBundle } from './prekeys.ts'
import type { PeerAddress, PreKeyBundle } from './signal-peer.ts'

/** How the sandbox's Signal peers name a companion device: by its account LID and device id. */
export const deviceAddress = (phone: PhoneState, deviceId: number): PeerAddress => ({ name: phone.lid, device: deviceId })

/** How they name a virtual user's primary device. */
export const userAddress = (user: UserState): PeerAddress => ({ name: user.lid, device: 0 })

/** Message ids like the ones WhatsApp phones generate. */
export const newMessageId = () => `3A${randomBytes(9).toString('hex').toUpperCase()}`

export type SendFromUserInput = {
  from: UserState
  to: PhoneState
  message: proto.IMessage
  id?: string
  /** Unix seconds; defaults to now. */
  timestamp?: number
  addressing?: Addressing
  /** `peer` for the primary device's own protocol messages (history sync, app-state keys). */
  category?: 'peer'
  /** Only this companion (default: every companion of the phone). */
  deviceId?: number
  /** Record the message in the received log (false for the sandbox's own protocol messages). */
  record?: boolean
}

export type SendFromUserResult = {
  id: string
  timestamp: number
  /** What happened per companion device id. */
  devices: Record<string, Delivery>
  record?: ReceivedMessageRecord
}

/** Encrypts pairwise from a virtual user to a companion, starting the session from its bundle if needed. */
export async function encryptFor(core: Core, from: UserState, to: PhoneState, device: LinkedDevice, plaintext: Buffer) {
  const peer = core.world.peer(from)
  const address = deviceAddress(to, device.id)
  if (!peer.hasSession(address)) {
    await peer.startSession(address, takeDeviceBundle(device))
    core.world.save(to)
  }
  return peer.encrypt(address, plaintext)
}

/** Builds the stanza a virtual user sends (the same for every recipient device but the enc). */
function messageAttrs(from: UserState, id: string, timestamp: number, type: string, addressing: Addressing, category?: 'peer') {
  return {
    id,
    t: String(timestamp),
    type,
    ...(addressing === 'pn'
      ? { from: pnJid(from.pn), sender_lid: lidJid(from.lid) }
      : { from: lidJid(from.lid), ...(addressing === 'lid' ? { sender_pn: pnJid(from.pn) } : {}), addressing_mode: 'lid' }),
    // The push name travels with every message; on the phone's own messages it names the account.
    notify: from.name,
    ...(category ? { category } : {}),
  }
}

export function sendFromUser(core: Core, input: SendFromUserInput): Promise<SendFromUserResult> {
  // One sender at a time: Signal messages must reach the device in the order they were encrypted.
  return core.serialize(`send:${input.from.pn}`, async () => {
    const { from, to, message } = input
    const id = input.id ?? newMessageId()
    const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000)
    const addressing = input.addressing ?? core.options.defaultAddressing
    const plaintext = encodeMessage(message)
    const type = stanzaTypeOf(message)
    const mediatype = mediaTypeOf(message)
    const attrs: Record<string, string> = messageAttrs(from, id, timestamp, type, addressing, input.category)
    const devices: Record<string, Delivery> = {}
    const targets = to.devices.filter(device => input.deviceId === undefined || device.id === input.deviceId)
    for (const device of targets) {
      const { type: encType, ciphertext } = await encryptFor(core, from, to, device, plaintext)
      const node: BinaryNode = {
        tag: TAG.message,
        attrs,
        content: [{ tag: 'enc', attrs: { v: '2', type: encType, ...(mediatype ? { mediatype } : {}) }, content: ciphertext }],
      }
      devices[String(device.id)] = core.hub.deliver(to, device, node)
    }
    let record: ReceivedMessageRecord | undefined
    if (input.record !== false) {
      record = core.world.received.append({
        id,
        from: from.pn,
        fromKind: from.kind,
        phone: to.pn,
        message: messageToJson(message),
        ...(extractText(message) !== undefined ? { text: extractText(message) } : {}),
        timestamp,
        devices: Object.fromEntries(Object.entries(devices).map(([device, delivery]) => [device, delivery === 'sent' ? 'sent' : 'queued'])),
      })
    }
    core.logger.debug({ id, from: from.pn, to: to.pn, devices }, 'virtual user sent a message')
    return { id, timestamp, devices, ...(record ? { record } : {}) }
  })
}

/**
 * A companion could not decrypt a message a virtual user sent it (retry receipt): start a fresh
 * session, from the keys the receipt carries or from the device's uploaded bundle, and send the
 * message again, as a WhatsApp client does.
 */
export function resendToDevice(
  core: Core,
  input: { from: UserState; to: PhoneState; device: LinkedDevice; record: ReceivedMessageRecord; bundle?: PreKeyBundle; count: number },
): Promise<void> {
  return core.serialize(`send:${input.from.pn}`, async () => {
    const { from, to, device, record } = input
    const message = messageFromJson(record.message)
    const peer = core.world.peer(from)
    await peer.startSession(deviceAddress(to, device.id), input.bundle ?? takeDeviceBundle(device))
    core.world.save(to)
    const { type, ciphertext } = await peer.encrypt(deviceAddress(to, device.id), encodeMessage(message))
    const mediatype = mediaTypeOf(message)
    core.hub.deliver(to, device, {
      tag: TAG.message,
      attrs: messageAttrs(from, record.id, record.timestamp, stanzaTypeOf(message), core.options.defaultAddressing),
      content: [
        { tag: 'enc', attrs: { v: '2', type, count: String(input.count), ...(mediatype ? { mediatype } : {}) }, content: ciphertext },
      ],
    })
    core.logger.info({ id: record.id, phone: to.pn, device: device.id, count: input.count }, 'message re-sent after a retry receipt')
  })
}
