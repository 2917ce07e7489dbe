/** The types of the sandbox's programmatic API: what it takes and what it answers. */
import type { proto } from '@whiskeysockets/baileys'
import type { Addressing } from '../core.ts'
import type { ReceivedMessageRecord, SentMessageRecord } from '../model.ts'
import type { LinkedDeviceInfo } from '../pairing.ts'
import type { PresenceType } from '../presence.ts'
import type { ProfilePictureInfo } from '../profile-pictures.ts'
import type { ReceiptType } from '../receipts.ts'
import type { NewUserInput } from '../world.ts'
import type { ContactQueriesApi } from './contact-queries.ts'
import type { AccountQueriesApi } from './account-queries.ts'
import type { PollsAndPresenceApi } from './polls-and-presence.ts'

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

export type SandboxApi = ContactQueriesApi & AccountQueriesApi & PollsAndPresenceApi & {
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
