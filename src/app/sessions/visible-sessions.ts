import type { Kysely } from 'kysely'
import { NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { SessionAction } from '../../domain/identity/session-access.ts'
import type { SessionsTables } from '../../projections/sessions/tables.ts'
import { findSessionFor } from './find-session.ts'

/**
 * The short ids of the sessions a caller may see, to filter any per-session table with
 * `.where('session_id', 'in', …)`: every session for a superadmin (`'all'`, no filter), their own for
 * an owner (a subquery), the assigned ones for staff (a list, possibly empty).
 */
export function visibleSessionIds(db: Kysely<SessionsTables>, caller: Caller) {
  switch (caller.role) {
    case 'SUPERADMIN':
      return 'all' as const
    case 'OWNER':
      return db.selectFrom('sessions').select('session_id').where('user_id', '=', caller.userId)
    case 'STAFF':
      return [...caller.assignedSessionIds]
  }
}

/**
 * For resources that belong to a session (broadcasts, schedules, webhooks, rules): the caller may act
 * on it only as they may on its session; otherwise it is "not found", so other tenants' ids do not leak.
 */
export async function assertSessionResource(
  db: Kysely<SessionsTables>,
  caller: Caller,
  sessionId: string,
  action: SessionAction,
  what: string,
): Promise<void> {
  try {
    await findSessionFor(db, caller, sessionId, action)
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`${what} not found`)
    throw error
  }
}
