/**
 * Chat actions on a session's WhatsApp account (issue 13). Each is plain JSON (it travels over the bus
 * to the node that runs the session); `kind` names it as 'chat.<verb>'.
 */
export type ChatModification = 'archive' | 'unarchive' | 'pin' | 'unpin' | 'mute' | 'unmute' | 'markRead' | 'markUnread' | 'delete'

/** The newest message of a chat: WhatsApp wants it with archive, mark read/unread and delete (the range the change covers). */
export interface ChatLastMessage {
  readonly id: string
  readonly fromMe: boolean
  /** Who wrote it, in a group. */
  readonly participant: string | null
  /** Seconds since the epoch. */
  readonly timestamp: number
}

export type ChatAction = {
  kind: 'chat.modify'
  jid: string
  modification: ChatModification
  /** For mute: until when, in milliseconds since the epoch. */
  muteUntil?: number
  lastMessage: ChatLastMessage | null
}
