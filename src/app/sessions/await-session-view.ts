import type { AppDeps } from '../app-deps.ts'
import { sessionsProjection } from '../../projections/sessions/sessions-projection.ts'
import { toSessionView, type SessionView } from './session-view.ts'

/** Read-your-writes: waits (bounded) until the sessions read model shows `position`, then reads the session. */
export async function awaitSessionView(deps: AppDeps, sessionId: string, position: string | null): Promise<SessionView> {
  if (position !== null) await deps.projections.waitFor(sessionsProjection.name, BigInt(position), deps.readYourWritesTimeoutMs)
  const row = await deps.db.selectFrom('sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirstOrThrow()
  return toSessionView(row)
}
