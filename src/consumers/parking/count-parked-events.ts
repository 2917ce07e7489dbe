import { sql, type Kysely } from 'kysely'
import type { ParkedEventsTables } from './tables.ts'

/** Events still parked, per consumer (for GET /metrics). */
export async function countParkedEvents(db: Kysely<ParkedEventsTables>): Promise<Array<{ consumer: string; count: number }>> {
  const rows = await db
    .selectFrom('parked_events')
    .select(['consumer', sql<string>`count(*)`.as('count')])
    .where('resolved_at', 'is', null)
    .groupBy('consumer')
    .orderBy('consumer')
    .execute()
  return rows.map((r) => ({ consumer: r.consumer, count: Number(r.count) }))
}
