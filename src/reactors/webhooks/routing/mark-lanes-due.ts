import { sql, type Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'
import type { LaneKey } from './insert-deliveries.ts'

/**
 * Makes lanes due. `tail`: deliveries were added behind the head, so only an empty lane becomes due
 * now (a lane whose head waits out a backoff keeps waiting). `head`: deliveries were requeued and
 * may now be the head, so the lane is due now.
 */
export async function markLanesDue(db: Kysely<WebhooksTables>, lanes: readonly LaneKey[], where: 'tail' | 'head'): Promise<void> {
  if (lanes.length === 0) return
  await db
    .insertInto('webhook_lanes')
    .values(lanes.map((l) => ({ webhook_id: l.webhookId, session_id: l.sessionId, due_at: sql<Date>`now()`, lease_owner: null, lease_until: null })))
    .onConflict((c) =>
      c.columns(['webhook_id', 'session_id']).doUpdateSet({
        due_at: where === 'tail' ? sql<Date>`coalesce(webhook_lanes.due_at, excluded.due_at)` : sql<Date>`least(coalesce(webhook_lanes.due_at, excluded.due_at), excluded.due_at)`,
      }),
    )
    .execute()
}
