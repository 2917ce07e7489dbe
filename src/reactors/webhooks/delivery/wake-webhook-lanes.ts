import { sql, type Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'

/**
 * The receiver answered again after failures: its other lanes need not sit out their backoff, so
 * their heads are due now.
 */
export async function wakeWebhookLanes(db: Kysely<WebhooksTables>, webhookId: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: sql<Date>`now()` })
    .where('webhook_id', '=', webhookId)
    .where('state', '=', 'pending')
    .where('round_attempts', '>', 0)
    .where('next_attempt_at', '>', sql<Date>`now()`)
    .execute()
  await db.updateTable('webhook_lanes').set({ due_at: sql<Date>`now()` }).where('webhook_id', '=', webhookId).where('due_at', '>', sql<Date>`now()`).execute()
}
