import { Query, type IQueryHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { findSessionFor } from './find-session.ts'
import { visibleSessionIds } from './visible-sessions.ts'
import { toSessionView, type SessionView } from './session-view.ts'

export class ListSessions extends Query<SessionView[]> {
  readonly caller: Caller
  constructor(caller: Caller) {
    super()
    this.caller = caller
  }
}

/** Own sessions for an owner, assigned ones for staff, all for a superadmin; oldest first. */
export class ListSessionsHandler implements IQueryHandler<ListSessions> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller }: ListSessions): Promise<SessionView[]> {
    let query = this.#deps.db.selectFrom('sessions').selectAll().where('deleted_at', 'is', null)
    const visible = visibleSessionIds(this.#deps.db, caller)
    if (Array.isArray(visible) && visible.length === 0) return []
    if (visible !== 'all') query = query.where('session_id', 'in', visible)
    const rows = await query.orderBy('created_at').orderBy('id').execute()
    return rows.map(toSessionView)
  }
}

export class GetSession extends Query<SessionView> {
  readonly caller: Caller
  readonly idOrSessionId: string
  constructor(caller: Caller, idOrSessionId: string) {
    super()
    this.caller = caller
    this.idOrSessionId = idOrSessionId
  }
}

export class GetSessionHandler implements IQueryHandler<GetSession> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, idOrSessionId }: GetSession): Promise<SessionView> {
    return toSessionView(await findSessionFor(this.#deps.db, caller, idOrSessionId, 'view'))
  }
}
