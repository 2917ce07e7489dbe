import { Query, type IQueryHandler } from '@nestjs/cqrs'
import { sql } from 'kysely'
import { NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { contactIdentity } from '../contacts/contact-identity.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { toMessageView, type MessageView } from './message-view.ts'

export class ListMessages extends Query<MessageView[]> {
  readonly caller: Caller
  readonly sessionId: string
  readonly jid: string
  readonly limit: number
  /** The id of a message: only older ones are returned (keyset paging). */
  readonly before: string | undefined
  constructor(caller: Caller, input: { sessionId: string; jid: string; limit: number; before?: string }) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.jid = input.jid
    this.limit = input.limit
    this.before = input.before
  }
}

/**
 * The newest `limit` messages of a chat (older than `before`), oldest first. Messages deleted for
 * everyone are kept and marked when the session has antiDelete on, and left out otherwise.
 */
export class ListMessagesHandler implements IQueryHandler<ListMessages> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, jid: given, limit, before }: ListMessages): Promise<MessageView[]> {
    const session = await findSessionFor(this.#deps.db, caller, sessionId, 'view')
    // Either form of a person's address names their one chat.
    const { jid, jidAlt } = await contactIdentity(this.#deps.db, session.session_id, given)
    let query = this.#deps.db
      .selectFrom('messages')
      .selectAll()
      .where('session_id', '=', session.session_id)
      .where('remote_jid', '=', jid)
      .where('complete', '=', true)
    if (!session.config.antiDelete) query = query.where('revoked_at', 'is', null)
    // A chat deleted on the account shows only what came after.
    const chat = await this.#deps.db.selectFrom('chats').select('cleared_position').where('session_id', '=', session.session_id).where('jid', '=', jid).executeTakeFirst()
    if (chat?.cleared_position != null) query = query.where('position', '>', chat.cleared_position)
    if (before) {
      const cursor = await this.#deps.db
        .selectFrom('messages')
        .select(['timestamp', 'position'])
        .where('id', '=', before)
        .where('session_id', '=', session.session_id)
        .executeTakeFirst()
      if (!cursor) throw new NotFoundError(`message ${before} not found in this session`)
      query = query.where(sql<boolean>`(timestamp, position) < (${cursor.timestamp}, ${cursor.position})`)
    }
    const rows = await query.orderBy('timestamp', 'desc').orderBy('position', 'desc').limit(limit).execute()
    return rows.reverse().map((row) => toMessageView(row, session.id, jidAlt))
  }
}
