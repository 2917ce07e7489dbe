import type { Kysely, Selectable } from 'kysely'
import { ForbiddenError, NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import { canAccessSession, canSeeSession, type SessionAction } from '../../domain/identity/session-access.ts'
import type { SessionsTable, SessionsTables } from '../../projections/sessions/tables.ts'

/**
 * The session a caller names by its short sessionId or its id, if the caller may do `action` to it.
 * A session the caller may not see at all is "not found", so ids of other tenants do not leak.
 */
export async function findSessionFor(
  db: Kysely<SessionsTables>,
  caller: Caller,
  idOrSessionId: string,
  action: SessionAction,
): Promise<Selectable<SessionsTable>> {
  const row = await db
    .selectFrom('sessions')
    .selectAll()
    .where((eb) => eb.or([eb('session_id', '=', idOrSessionId), eb('id', '=', idOrSessionId)]))
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  const ownership = row && { sessionId: row.session_id, userId: row.user_id }
  if (!row || !ownership || !canSeeSession(caller, ownership)) throw new NotFoundError(`session ${idOrSessionId} not found`)
  if (!canAccessSession(caller, ownership, action)) {
    throw new ForbiddenError(`your role (${caller.role}) may not ${action} session ${row.session_id}`)
  }
  return row
}
