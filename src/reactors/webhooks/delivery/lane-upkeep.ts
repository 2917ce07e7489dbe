import { sql, type Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'

/** Extends the leases this process holds (its lanes are still being worked). */
export async function renewLeases(db: Kysely<WebhooksTables>, owner: string, leaseMs: number): Promise<void> {
  await db
    .updateTable('webhook_lanes')
    .set({ lease_until: sql<Date>`now() + ${leaseMs} * interval '1 millisecond'` })
    .where('lease_owner', '=', owner)
    .execute()
}

/**
 * Ends the leases of earlier processes of this node (`<nodeId>/<instance>`): a node id runs one
 * process at a time, so they crashed. Returns how many lanes were freed.
 */
export async function takeOverLeases(db: Kysely<WebhooksTables>, nodeId: string, owner: string): Promise<number> {
  const result = await db
    .updateTable('webhook_lanes')
    .set({ lease_owner: null, lease_until: null })
    .where('lease_owner', 'like', `${nodeId.replace(/[\\%_]/g, '\\$&')}/%`)
    .where('lease_owner', '!=', owner)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

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

/** A safety net: a lane with pending deliveries but no due time (which release-lane is built to prevent) is made due. */
export async function repairLanes(db: Kysely<WebhooksTables>): Promise<number> {
  const result = await sql`
    UPDATE webhook_lanes AS l SET due_at = now()
    WHERE l.due_at IS NULL AND l.lease_owner IS NULL
      AND EXISTS (SELECT 1 FROM webhook_deliveries AS d
                  WHERE d.webhook_id = l.webhook_id AND d.session_id = l.session_id AND d.state = 'pending')`.execute(db)
  return Number(result.numAffectedRows ?? 0n)
}

/** Forgets finished deliveries (and their attempts) older than the retention. */
export async function purgeDeliveryLog(db: Kysely<WebhooksTables>, olderThan: Date, limit = 5000): Promise<number> {
  const { rows } = await sql<{ id: string }>`
    DELETE FROM webhook_deliveries
    WHERE id IN (SELECT id FROM webhook_deliveries WHERE state <> 'pending' AND updated_at < ${olderThan} LIMIT ${limit})
    RETURNING id`.execute(db)
  if (rows.length > 0) await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', rows.map((r) => r.id)).execute()
  return rows.length
}
