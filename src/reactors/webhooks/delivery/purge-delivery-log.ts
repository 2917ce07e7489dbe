import { sql, type Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'

/** Forgets finished deliveries (and their attempts) older than the retention. */
export async function purgeDeliveryLog(db: Kysely<WebhooksTables>, olderThan: Date, limit = 5000): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    DELETE FROM webhook_deliveries
    WHERE id IN (SELECT id FROM webhook_deliveries WHERE state <> 'pending' AND updated_at < ${olderThan} LIMIT ${limit})
    RETURNING id`.execute(db)
  if (rows.length > 0) await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', rows.map((r) => r.id)).execute()
  return rows.length
}
