import { sql, type Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'
import type { LaneKey } from './insert-deliveries.ts'
import type { NewDelivery } from './route-event.ts'

/**
 * Puts one delivery back in its lane as pending, due now, with a fresh retry budget. `requestPosition`
 * is the position of the request's event: a request applies once, even when the read model is rebuilt.
 */
export async function requeueDelivery(db: Kysely<WebhooksTables>, webhookId: string, deliveryId: string, requestPosition: bigint): Promise<LaneKey | undefined> {
  const row = await db
    .updateTable('webhook_deliveries')
    .set({ ...requeued, requeued_position: requestPosition })
    .where('id', '=', deliveryId)
    .where('webhook_id', '=', webhookId)
    .where('state', '!=', 'cancelled')
    .where('requeued_position', '<', requestPosition)
    .returning(['webhook_id', 'session_id'])
    .executeTakeFirst()
  return row && { webhookId: row.webhook_id, sessionId: row.session_id }
}

/** A replay's deliveries: new ones are created, finished ones go back to pending. Returns the lanes touched. */
export async function upsertReplayed(db: Kysely<WebhooksTables>, deliveries: readonly NewDelivery[], requestPosition: bigint): Promise<LaneKey[]> {
  if (deliveries.length === 0) return []
  const rows = await db
    .insertInto('webhook_deliveries')
    .values(
      deliveries.map((d) => ({
        id: d.id,
        webhook_id: d.webhookId,
        event_id: d.eventId,
        event_position: d.eventPosition,
        event_type: d.eventType,
        session_id: d.sessionId,
        body: d.body,
        state: 'pending' as const,
        next_attempt_at: sql<Date>`now()`,
        round_started_at: null,
        requeued_position: requestPosition,
        last_status_code: null,
        last_error: null,
        last_latency_ms: null,
        last_attempt_at: null,
        delivered_at: null,
        created_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
      })),
    )
    .onConflict((c) =>
      c
        .columns(['webhook_id', 'event_id'])
        .doUpdateSet({ ...requeued, requeued_position: requestPosition })
        .where('webhook_deliveries.requeued_position', '<', requestPosition),
    )
    .returning(['webhook_id', 'session_id'])
    .execute()
  const lanes = new Map<string, LaneKey>()
  for (const row of rows) lanes.set(`${row.webhook_id}\u0000${row.session_id}`, { webhookId: row.webhook_id, sessionId: row.session_id })
  return [...lanes.values()]
}

const requeued = {
  state: 'pending' as const,
  round_attempts: 0,
  round_started_at: null,
  next_attempt_at: sql<Date>`now()`,
  updated_at: sql<Date>`now()`,
}
