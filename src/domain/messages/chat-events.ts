/**
 * A chat's state on the account changed (chat.update): archived, pinned, muted, read or marked unread,
 * deleted, by this gateway (POST /api/chat/modify) or on another of the account's devices. Only what
 * changed is present.
 */
export const ChatEventTypes = { update: 'chat.update' } as const

export interface ChatUpdateData {
  /** The chat, canonical (the phone-number JID when known, the LID until then, or the group). */
  readonly jid: string
  readonly jidAlt?: string | null
  readonly archived?: boolean
  /** When it was pinned (ISO time); null: unpinned. */
  readonly pinnedAt?: string | null
  /** Muted until (ISO time); null: not muted. */
  readonly mutedUntil?: string | null
  /** Read (true: no unread messages) or marked unread (false). */
  readonly read?: boolean
  /** The chat was deleted on the account. */
  readonly deleted?: boolean
  /** What asked for it: this gateway's modification, or WhatsApp telling of one. */
  readonly source: 'api' | 'whatsapp'
}
