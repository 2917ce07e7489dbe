/**
 * The sandbox's world, as plain persisted data: virtual phones (WhatsApp accounts with linked
 * companion devices) and virtual contacts, both with a PN, a LID and their own Signal identity.
 */
import type { BinaryNode } from '@whiskeysockets/baileys'
import type { SignalPeerState } from './signal-peer.ts'

/** What a linked companion (a Baileys client) registered and uploaded: how others reach it. */
export type LinkedDevice = {
  id: number
  keyIndex: number
  /** The client's Noise static key (Baileys creds.noiseKey.public): it authenticates logins. */
  noiseKey: Buffer
  registrationId: number
  identityKey: Buffer
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer }
  /** Uploaded one-time pre-keys not yet handed out, by id. */
  preKeys: Record<string, Buffer>
  /** e.g. "Chrome (Mac OS)". */
  platform: string
  pairedAt: number
  lastLoginAt?: number
  /** Set once the client acknowledged the history-sync notification (receipt type hist_sync). */
  historySyncDelivered: boolean
  /** Stanzas for this device while it is offline, delivered at its next login. */
  pending: BinaryNode[]
}

type UserBase = {
  /** Phone number digits, e.g. "15550001111". */
  pn: string
  /** LID digits. */
  lid: string
  /** Push name. */
  name: string
  /** Signal state of the user's primary device (device 0). */
  peer: SignalPeerState
  createdAt: number
  /** The profile picture, if the user has one. */
  picture?: ProfilePicture
}

/** A profile picture: its bytes live in the store's blobs (`pictures/<id>`, `pictures/<id>.preview`). */
export type ProfilePicture = {
  /** Picture id, as WhatsApp gives one (`<picture id>`): a new id for each new picture. */
  id: string
  mimetype: string
  /** Set when a thumbnail was made (image/jpeg); otherwise the preview is the picture itself. */
  previewMimetype?: string
  /** Unix seconds. */
  setAt: number
  /** Who set it (PN digits), for group pictures. */
  author?: string
}

/** A virtual phone: a WhatsApp account whose device 0 the sandbox plays; companions link to it. */
export type PhoneState = UserBase & {
  kind: 'phone'
  devices: LinkedDevice[]
  nextDeviceId: number
  nextKeyIndex: number
  /** The app-state sync key the phone shares with its companions (created on first use). */
  appStateKey?: { keyId: Buffer; keyData: Buffer; timestamp: number }
}

/** A virtual contact: another WhatsApp user the sandbox plays entirely (one device, device 0). */
export type ContactState = UserBase & { kind: 'contact' }

export type UserState = PhoneState | ContactState

export type GroupParticipant = { pn: string; admin?: 'admin' | 'superadmin' }

/** A group. Members are users (PN digits); messages use sender keys (`skmsg`), LID addressing. */
export type GroupState = {
  /** The user part of the group JID (`<id>@g.us`). */
  id: string
  subject: string
  subjectOwner: string
  subjectTime: number
  description?: { id: string; text: string; owner: string; time: number }
  creator: string
  creation: number
  participants: GroupParticipant[]
  /** announce: only admins send; restrict (locked): only admins edit info. */
  announce: boolean
  restrict: boolean
  /** Disappearing-messages timer in seconds, 0 when off. */
  ephemeral: number
  inviteCode: string
  /** Which devices (`pn:device`) each virtual sender (PN) already gave its sender key to. */
  senderKeyShared: Record<string, string[]>
  /** The group's picture, if it has one. */
  picture?: ProfilePicture
}

/** Delivery state of a message, as the sender sees it. */
export type MessageStatus = 'server_ack' | 'delivered' | 'read' | 'played' | 'rejected'

/** A message a linked device sent, as the sandbox decrypted it. */
export type SentMessageRecord = {
  /** Monotonic sequence number across all records; use it to wait for newer ones. */
  seq: number
  id: string
  /** Sender account PN digits and the companion device id. */
  phone: string
  device: number
  /** The `to` of the stanza: the chat JID exactly as the client addressed it (PN or LID). */
  to: string
  /** The recipient user (or group), resolved; `status` for a status (story) posted to status@broadcast. */
  recipient: { pn?: string; lid?: string; group?: string; kind: 'contact' | 'phone' | 'group' | 'status' | 'unknown' }
  /**
   * Statuses only: the users the status was addressed to (the devices the client encrypted it for,
   * i.e. its `statusJidList` resolved to users), the sender itself excepted, in stanza order.
   */
  audience?: StatusAudienceMember[]
  /** Stanza type attribute: text, media, reaction, poll, ... */
  type: string
  /** Decoded proto.Message as JSON (bytes base64, longs numbers), if any peer could decrypt it. */
  message?: Record<string, unknown>
  /** Text of the message (conversation, extended text, caption), when there is one. */
  text?: string
  /** Server time the stanza arrived, unix seconds (the `t` of the ack). */
  timestamp: number
  status: MessageStatus
  /** Error code of the ack when the send was rejected by an injected fault. */
  error?: string
  /** Which virtual peers decrypted their copy (e.g. "contact:1555...", "phone:1555..."). */
  decryptedBy: string[]
}

/** One user a status was addressed to. */
export type StatusAudienceMember = {
  /** PN JID, e.g. `15550001111@s.whatsapp.net`. */
  jid: string
  /** LID JID, e.g. `123...@lid`. */
  lidJid: string
  kind: 'contact' | 'phone'
}

/** A message a virtual user sent to a phone's linked devices. */
export type ReceivedMessageRecord = {
  seq: number
  id: string
  /** Sender user PN digits and kind. */
  from: string
  fromKind: 'contact' | 'phone'
  /** Recipient phone PN digits. */
  phone: string
  /** The group JID when the message was sent to a group. */
  group?: string
  /** `status@broadcast` for a status (story) the user posted. */
  chat?: string
  message: Record<string, unknown>
  text?: string
  timestamp: number
  /** Per companion device id (as a string key): what the device reported back. */
  devices: Record<string, 'queued' | 'sent' | 'delivered' | 'read' | 'played'>
}
