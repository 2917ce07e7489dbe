import { sql, type Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'

/** A safety net: a lane with pending deliveries but no due time (which release-lane is built to prevent) is made due. */
export async function repairLanes(db: Kysely<WebhooksTables>): Promise<number> {
  const result = await sql`
    UPDATE webhook_lanes AS l SET due_at = now()
    WHERE l.due_at IS NULL AND l.lease_owner IS NULL
      AND EXISTS (SELECT 1 FROM webhook_deliveries AS d
                  WHERE d.webhook_id = l.webhook_id AND d.session_id = l.session_id AND d.state = 'pending')`.execute(db)
  return Number(result.numAffectedRows ?? 0n)
}
