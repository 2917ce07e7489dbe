import { Query, type IQueryHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { toAutoReplyView, type AutoReplyView } from './auto-reply-view.ts'

export class ListAutoReplies extends Query<AutoReplyView[]> {
  readonly caller: Caller
  /** A session's rules; without it, those of every session the caller can see. */
  readonly sessionId: string | undefined
  constructor(caller: Caller, sessionId?: string) {
    super()
    this.caller = caller
    this.sessionId = sessionId
  }
}

/** Rules in the order they are tried (first match wins): the order they were created in. */
export class ListAutoRepliesHandler implements IQueryHandler<ListAutoReplies> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId }: ListAutoReplies): Promise<AutoReplyView[]> {
    let query = this.#deps.db
      .selectFrom('autoreply_rules')
      .innerJoin('sessions', 'sessions.session_id', 'autoreply_rules.session_id')
      .selectAll('autoreply_rules')
      .where('autoreply_rules.deleted_at', 'is', null)
      .where('sessions.deleted_at', 'is', null)
    if (sessionId !== undefined) {
      const session = await findSessionFor(this.#deps.db, caller, sessionId, 'view')
      query = query.where('autoreply_rules.session_id', '=', session.session_id)
    } else if (caller.role === 'OWNER') {
      query = query.where('sessions.user_id', '=', caller.userId)
    } else if (caller.role === 'STAFF') {
      if (caller.assignedSessionIds.length === 0) return []
      query = query.where('autoreply_rules.session_id', 'in', caller.assignedSessionIds)
    }
    const rows = await query.orderBy('autoreply_rules.position').execute()
    return rows.map(toAutoReplyView)
  }
}
