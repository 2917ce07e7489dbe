import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { SessionRegistry } from '../actors/session-registry.ts'
import type { ProjectionRunner } from '../consumers/projection-runner.ts'
import type { EventStore } from '../domain/ports/event-store.ts'
import { sessionsProjection } from '../projections/sessions/sessions-projection.ts'
import type { SessionsTables } from '../projections/sessions/tables.ts'

export interface SessionSupervisionDeps {
  readonly db: Kysely<SessionsTables>
  readonly store: EventStore
  readonly projections: ProjectionRunner
  readonly registry: SessionRegistry
  readonly logger: Logger
  /** In a cluster: how often to look for sessions whose node died (half the lease TTL); none embedded. */
  readonly sweepMs?: number
}

/**
 * Brings back every session that wanted to run, now and, in a cluster, every `sweepMs`: sessions whose
 * node died lose their lease after the TTL, and whoever sweeps next adopts them. Returns the stop.
 */
export async function superviseSessions(deps: SessionSupervisionDeps): Promise<() => Promise<void>> {
  await restoreSessions(deps)
  if (!deps.sweepMs) return async () => {}
  const sweep = setInterval(() => void restoreSessions(deps).catch((error: unknown) => deps.logger.error({ err: error }, 'session sweep failed')), deps.sweepMs)
  sweep.unref()
  return async () => clearInterval(sweep)
}

/** Adopts the sessions that want to run, once the sessions read model has caught up. */
async function restoreSessions(deps: SessionSupervisionDeps): Promise<void> {
  const head = await deps.store.headPosition()
  if (!(await deps.projections.waitFor(sessionsProjection.name, head, 60_000))) {
    deps.logger.warn('sessions read model is still catching up; restoring the sessions it knows so far')
  }
  const rows = await deps.db.selectFrom('sessions').select('session_id').where('desired', '=', 'running').where('deleted_at', 'is', null).execute()
  const restored = await deps.registry.adoptAll(rows.map((r) => r.session_id))
  if (restored > 0) deps.logger.info({ restored, wanted: rows.length, running: deps.registry.size }, 'sessions adopted')
}
