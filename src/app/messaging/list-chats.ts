import { Query, type IQueryHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { LastMessage } from '../../projections/chats/tables.ts'
import type { AppDeps } from '../app-deps.ts'
import { alternateJids } from '../contacts/contact-identity.ts'
import { findSessionFor } from '../sessions/find-session.ts'

/** A contact or chat as the seed shows it. */
export interface ChatView {
  /** The phone-number JID when known, the LID until then (or the group's JID). */
  jid: string
  /** The contact's other address (the LID of a phone-number JID, or the reverse), when known. */
  jidAlt: string | null
  name: string | null
  notify: string | null
  profilePic: string | null
  lastMessage: LastMessage | null
  isGroup: boolean
  archived: boolean
  /** When it was pinned; null: not pinned. */
  pinnedAt: string | null
  pinned: boolean
  /** Muted until (a time still to come); null: not muted. */
  mutedUntil: string | null
  /** Messages received since the chat was last read. */
  unreadCount: number
  /** Marked unread on purpose (the count may be 0). */
  markedUnread: boolean
}

export class ListChats extends Query<ChatView[]> {
  readonly caller: Caller
  readonly sessionId: string
  constructor(caller: Caller, sessionId: string) {
    super()
    this.caller = caller
    this.sessionId = sessionId
  }
}

/**
 * Every contact and chat of a session, the most recent conversation first. With ppGuard on, contacts
 * without a profile picture show the session's fallback picture instead.
 */
export class ListChatsHandler implements IQueryHandler<ListChats> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId }: ListChats): Promise<ChatView[]> {
    const session = await findSessionFor(this.#deps.db, caller, sessionId, 'view')
    const fallback = session.config.ppGuardEnabled ? session.config.ppGuardFallbackUrl : null
    const rows = await this.#deps.db
      .selectFrom('chats')
      .selectAll()
      .where('session_id', '=', session.session_id)
      .orderBy('last_message_at', (o) => o.desc().nullsLast())
      .orderBy('last_position', (o) => o.desc().nullsLast())
      .orderBy('jid')
      .execute()
    const alternates = await alternateJids(this.#deps.db, session.session_id, rows.map((row) => row.jid))
    const now = Date.now()
    return rows.map((row) => ({
      jid: row.jid,
      jidAlt: alternates.get(row.jid) ?? null,
      name: row.name,
      notify: row.notify,
      profilePic: row.profile_pic ?? (row.is_group ? null : fallback),
      lastMessage: row.last_message,
      isGroup: row.is_group,
      archived: row.archived,
      pinnedAt: row.pinned_at?.toISOString() ?? null,
      pinned: row.pinned_at !== null,
      // A mute that has run out is no mute: nothing tells when it ends.
      mutedUntil: row.muted_until && row.muted_until.getTime() > now ? row.muted_until.toISOString() : null,
      unreadCount: row.unread_count,
      markedUnread: row.marked_unread,
    }))
  }
}
