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
