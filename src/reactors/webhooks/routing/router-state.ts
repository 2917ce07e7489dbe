import { sql, type Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'

const ROUTER = 'webhooks'

export interface RouterState {
  readonly routedThrough: bigint
  readonly version: bigint
}

export async function readRouterState(db: Kysely<WebhooksTables>): Promise<RouterState> {
  const row = await db.selectFrom('webhook_router_state').select(['routed_through', 'version']).where('name', '=', ROUTER).executeTakeFirst()
  return { routedThrough: row?.routed_through ?? 0n, version: row?.version ?? 0n }
}

/** Records that what routing knows changed; returns the new version. */
export async function bumpRouterVersion(db: Kysely<WebhooksTables>): Promise<bigint> {
  const row = await db
    .insertInto('webhook_router_state')
    .values({ name: ROUTER, routed_through: 0n, version: 1n })
    .onConflict((c) => c.column('name').doUpdateSet({ version: sql<bigint>`webhook_router_state.version + 1` }))
    .returning('version')
    .executeTakeFirstOrThrow()
  return row.version
}

/**
 * Before a rebuild: everything up to the projection's checkpoint has been routed already, so the
 * rebuild replays it into the read model without routing (sending) it again.
 */
export async function markRoutedThroughCheckpoint(db: Kysely<WebhooksTables>, checkpointName: string): Promise<void> {
  await sql`
    INSERT INTO webhook_router_state (name, routed_through, version)
    SELECT ${ROUTER}, coalesce((SELECT position FROM checkpoints WHERE name = ${checkpointName}), 0), 1
    ON CONFLICT (name) DO UPDATE SET
      routed_through = greatest(webhook_router_state.routed_through, excluded.routed_through),
      version = webhook_router_state.version + 1`.execute(db)
}
