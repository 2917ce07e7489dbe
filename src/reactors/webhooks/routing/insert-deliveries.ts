import { sql, type Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'
import type { NewDelivery } from './route-event.ts'

const CHUNK = 500

export interface LaneKey {
  readonly webhookId: string
  readonly sessionId: string
}

/**
 * Inserts new pending deliveries, due now, and makes their lanes due if they were empty (a lane whose
 * head waits out a backoff keeps waiting): one statement. A delivery that exists already (the same
 * webhook and event) is left as it is. Returns the lanes that received a new delivery.
 */
export async function insertDeliveries(db: Kysely<WebhooksTables>, deliveries: readonly NewDelivery[]): Promise<LaneKey[]> {
  const lanes = new Map<string, LaneKey>()
  for (let i = 0; i < deliveries.length; i += CHUNK) {
    const rows = await db
      .with('inserted', (q) =>
        q
          .insertInto('webhook_deliveries')
          .values(
            deliveries.slice(i, i + CHUNK).map((d) => ({
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
              last_status_code: null,
              last_error: null,
              last_latency_ms: null,
              last_attempt_at: null,
              delivered_at: null,
              created_at: sql<Date>`now()`,
              updated_at: sql<Date>`now()`,
            })),
          )
          .onConflict((c) => c.columns(['webhook_id', 'event_id']).doNothing())
          .returning(['webhook_id', 'session_id']),
      )
      .insertInto('webhook_lanes')
      .columns(['webhook_id', 'session_id', 'due_at'])
      .expression((eb) => eb.selectFrom('inserted').select(['webhook_id', 'session_id', sql<Date>`now()`.as('due_at')]).distinct())
      .onConflict((c) => c.columns(['webhook_id', 'session_id']).doUpdateSet({ due_at: sql<Date>`coalesce(webhook_lanes.due_at, excluded.due_at)` }))
      .returning(['webhook_id', 'session_id'])
      .execute()
    for (const row of rows) lanes.set(`${row.webhook_id}\u0000${row.session_id}`, { webhookId: row.webhook_id, sessionId: row.session_id })
  }
  return [...lanes.values()]
}
