import type { Kysely } from 'kysely'
import type { ParkedEventsTables } from './tables.ts'

/** How many events each consumer has parked and nobody resolved yet (GET /metrics). */
export async function countParkedEvents(db: Kysely<ParkedEventsTables>): Promise<Array<{ consumer: string; count: number }>> {
  const rows = await db
    .selectFrom('parked_events')
    .select((eb) => ['consumer', eb.fn.countAll<string | number | bigint>().as('count')])
    .where('resolved_at', 'is', null)
    .groupBy('consumer')
    .execute()
  return rows.map((row) => ({ consumer: row.consumer, count: Number(row.count) }))
}
