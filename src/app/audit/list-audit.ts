import { Query, type IQueryHandler } from '@nestjs/cqrs'
import { NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import { canSeeSession } from '../../domain/identity/session-access.ts'
import type { AppDeps } from '../app-deps.ts'
import { visibleSessionIds } from '../sessions/visible-sessions.ts'

export interface AuditFilters {
  readonly sessionId?: string
  readonly type?: string
  /** Events at or after this time. */
  readonly from?: Date
  /** Events before this position (keyset paging: pass the last entry's position). */
  readonly before?: bigint
  readonly limit: number
}

export interface AuditEntry {
  position: string
  id: string
  type: string
  streamId: string
  sessionId: string | null
  actor: { kind: string; id: string } | null
  nodeId: string | null
  occurredAt: string
  data: unknown
}

export class ListAudit extends Query<AuditEntry[]> {
  readonly caller: Caller
  readonly filters: AuditFilters
  constructor(caller: Caller, filters: AuditFilters) {
    super()
    this.caller = caller
    this.filters = filters
  }
}

/**
 * Newest first. A superadmin sees everything; an owner the events of their sessions and of their own
 * user; staff those of their assigned sessions and their own user.
 */
export class ListAuditHandler implements IQueryHandler<ListAudit> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, filters }: ListAudit): Promise<AuditEntry[]> {
    let query = this.#deps.db.selectFrom('audit_log').selectAll()
    const visible = visibleSessionIds(this.#deps.db, caller)
    if (visible !== 'all') {
      query = query.where((eb) =>
        Array.isArray(visible) && visible.length === 0
          ? eb('subject_user_id', '=', caller.userId)
          : eb.or([eb('session_id', 'in', visible), eb('subject_user_id', '=', caller.userId)]),
      )
    }
    if (filters.sessionId) {
      await this.#assertVisible(caller, filters.sessionId)
      query = query.where('session_id', '=', filters.sessionId)
    }
    if (filters.type) query = query.where('type', '=', filters.type)
    if (filters.from) query = query.where('occurred_at', '>=', filters.from)
    if (filters.before !== undefined) query = query.where('position', '<', filters.before)
    const rows = await query.orderBy('position', 'desc').limit(filters.limit).execute()
    return rows.map((r) => ({
      position: r.position.toString(),
      id: r.event_id,
      type: r.type,
      streamId: r.stream_id,
      sessionId: r.session_id,
      actor: r.actor_kind && r.actor_id ? { kind: r.actor_kind, id: r.actor_id } : null,
      nodeId: r.node_id,
      occurredAt: r.occurred_at.toISOString(),
      data: r.data,
    }))
  }

  /** Naming a session of another tenant is "not found", as on every other route (deleted ones count: their audit stays). */
  async #assertVisible(caller: Caller, sessionId: string): Promise<void> {
    if (caller.role === 'SUPERADMIN') return
    const row = await this.#deps.db.selectFrom('sessions').select(['session_id', 'user_id']).where('session_id', '=', sessionId).executeTakeFirst()
    if (!row || !canSeeSession(caller, { sessionId: row.session_id, userId: row.user_id })) throw new NotFoundError(`session ${sessionId} not found`)
  }
}
