import type { PollInfo } from './poll-events.ts'

/** The seed's message types; REACTION and OTHER are recorded too but never listed as chat messages. */
export const MESSAGE_TYPES = ['TEXT', 'IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT', 'STICKER', 'LOCATION', 'CONTACT', 'POLL'] as const
export type MessageType = (typeof MESSAGE_TYPES)[number] | 'REACTION' | 'OTHER'

/** The seed's message statuses, in the order a sent message moves through them (FAILED aside). */
export const MESSAGE_STATUSES = ['PENDING', 'SENT', 'DELIVERED', 'READ', 'FAILED'] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]

/** Whether a status may replace another: receipts can arrive out of order, and a message never goes back. */
export function statusAdvances(from: MessageStatus | null, to: MessageStatus): boolean {
  if (from === null) return true
  if (from === 'FAILED') return to !== 'FAILED' && to !== 'PENDING'
  if (to === 'FAILED') return from === 'PENDING' || from === 'SENT'
  return MESSAGE_STATUSES.indexOf(to) > MESSAGE_STATUSES.indexOf(from)
}

export const MessageEventTypes = {
  received: 'message.received',
  sent: 'message.sent',
  status: 'message.status',
  revoked: 'message.revoked',
  reaction: 'message.reaction',
  /** A received message's media was downloaded (or could not be). */
  media: 'message.media',
} as const

/** A message as recorded in the session's messages stream (received, or sent by us or by the phone). */
export interface MessageData {
  readonly keyId: string
  /** The chat: a contact's JID (the phone-number JID when known, the LID until then), a group JID, or status@broadcast. */
  readonly remoteJid: string
  /** The contact's other address (the LID of a phone-number JID, or the reverse), when known. */
  readonly remoteJidAlt?: string | null
  readonly fromMe: boolean
  /** Who wrote it, in a group (null in one-to-one chats), in canonical form. */
  readonly senderJid: string | null
  /** In a group: the writer (as senderJid) and their other address, when known. */
  readonly participant?: string
  readonly participantAlt?: string | null
  readonly pushName: string | null
  /** Unix seconds, as WhatsApp stamps it (the seed's webhook payload). */
  readonly timestamp: number
  readonly type: MessageType
  /** The text, or a media caption. */
  readonly text: string | null
  /** The WhatsApp message itself (proto.Message as JSON), e.g. { "conversation": "Hello!" }. */
  readonly content: unknown
  readonly quotedKeyId: string | null
  readonly media: MediaInfo | null
  /** For sent messages: where it stands. */
  readonly status?: MessageStatus
  /** Sent through the gateway (the API caller's Idempotency-Key, if any) or from the phone. */
  readonly origin?: 'gateway' | 'phone'
  /** A poll's question, options and how many may be chosen (type POLL). */
  readonly poll?: PollInfo
}

export interface MediaInfo {
  readonly mimetype: string | null
  readonly fileName: string | null
  readonly size: number | null
  readonly seconds?: number | null
  /** Where the gateway keeps its copy, once downloaded. */
  readonly url?: string | null
}

export interface MessageStatusData {
  readonly keyId: string
  readonly remoteJid: string
  readonly status: MessageStatus
  /** In groups: whose receipt it was. */
  readonly participant?: string | null
  readonly error?: string
}

export interface MessageRevokedData {
  readonly keyId: string
  readonly remoteJid: string
  readonly fromMe: boolean
  readonly revokedBy: string | null
}

export interface MessageReactionData {
  readonly keyId: string
  readonly remoteJid: string
  /** The reaction emoji; empty when a reaction is taken back. */
  readonly reaction: string
  readonly fromMe: boolean
  readonly senderJid: string | null
  readonly timestamp: number
}

export const ContactEventTypes = { update: 'contact.update' } as const
export interface ContactUpdateData {
  readonly jid: string
  readonly lid?: string | null
  readonly name?: string | null
  readonly notify?: string | null
  readonly imgUrl?: string | null
}

export const GroupEventTypes = { update: 'group.update', participants: 'group.participants' } as const
export interface GroupParticipant {
  readonly id: string
  readonly admin: 'admin' | 'superadmin' | null
}
export interface GroupUpdateData {
  readonly jid: string
  readonly subject?: string
  readonly description?: string | null
  readonly ownerJid?: string | null
  readonly participants?: readonly GroupParticipant[]
  readonly creation?: string | null
  readonly restrict?: boolean
  readonly announce?: boolean
  readonly inviteCode?: string | null
  /** Partial updates: who joined, left, was promoted or demoted. */
  readonly participantsChange?: { action: 'add' | 'remove' | 'promote' | 'demote' | 'modify'; participants: readonly string[] }
}

/** Members joined, left, were promoted or demoted (group.participants). */
export interface GroupParticipantsData {
  readonly jid: string
  readonly action: 'add' | 'remove' | 'promote' | 'demote' | 'modify'
  /** Canonical addresses, each with its other form when known. */
  readonly participants: ReadonlyArray<{ readonly jid: string; readonly jidAlt: string | null }>
  /** Who made the change (canonical), when WhatsApp says. */
  readonly author: string | null
  /** This account itself left or was removed (the group leaves the list). */
  readonly left?: boolean
}

export const StatusEventTypes = { update: 'status.update' } as const
/** A story posted (by this account or a contact) or viewed. */
export interface StatusUpdateData {
  readonly event: 'posted' | 'viewed'
  readonly keyId: string
  readonly fromMe: boolean
  /** Who posted it (null: this account). */
  readonly senderJid: string | null
  readonly type?: MessageType
  readonly text?: string | null
  readonly content?: unknown
  readonly timestamp: number
  /** How many contacts it was shown to (posts by this account). */
  readonly audience?: number
  /** Who viewed it (views of this account's posts). */
  readonly viewedBy?: string | null
}

export interface MessageMediaData {
  readonly keyId: string
  readonly remoteJid: string
  readonly fromMe: boolean
  /** The gateway's URL of the file (GET, authenticated), when stored. */
  readonly url: string | null
  readonly size?: number
  readonly sha256?: string
  readonly error?: string
}

export const PresenceEventTypes = { update: 'presence.update' } as const
/** Who is online or typing in a chat (recorded only when presence updates are enabled). */
export interface PresenceUpdateData {
  readonly jid: string
  readonly presences: ReadonlyArray<{ readonly jid: string; readonly presence: string; readonly lastSeen: number | null }>
}
