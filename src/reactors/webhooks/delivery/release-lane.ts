import type { Kysely } from 'kysely'
import type { LaneKey } from '../routing/insert-deliveries.ts'
import type { WebhooksTables } from '../tables.ts'

/**
 * Gives a lane back: due when its head is (now, after a backoff, or never when it is empty). The
 * lane row is locked before the head is looked up, so a delivery the router adds meanwhile is either
 * seen here or finds the lane already released (empty) and makes it due itself: a lane with pending
 * deliveries is never left without a due time.
 */
export async function releaseLane(db: Kysely<WebhooksTables>, lane: LaneKey, owner: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('webhook_lanes')
      .select('lease_owner')
      .where('webhook_id', '=', lane.webhookId)
      .where('session_id', '=', lane.sessionId)
      .forUpdate()
      .executeTakeFirst()
    if (!row || row.lease_owner !== owner) return
    const head = await trx
      .selectFrom('webhook_deliveries')
      .select('next_attempt_at')
      .where('webhook_id', '=', lane.webhookId)
      .where('session_id', '=', lane.sessionId)
      .where('state', '=', 'pending')
      .orderBy('event_position')
      .limit(1)
      .executeTakeFirst()
    await trx
      .updateTable('webhook_lanes')
      .set({ due_at: head?.next_attempt_at ?? null, lease_owner: null, lease_until: null })
      .where('webhook_id', '=', lane.webhookId)
      .where('session_id', '=', lane.sessionId)
      .execute()
  })
}
