import type { Kysely } from 'kysely'
import type { EventStoreTables } from '../../../infra/event-store/postgres/tables.ts'

/**
 * The position of the first event recorded at or after a time, or null when there is none. Reads the
 * Postgres event store's table (indexed on occurred_at by migration 0020): replay by time is a query
 * the event store port does not offer.
 */
export async function firstPositionSince(db: Kysely<any>, since: Date): Promise<bigint | null> {
  const row = await (db as Kysely<EventStoreTables>)
    .selectFrom('events')
    .select((eb) => eb.fn.min('position').as('position'))
    .where('occurred_at', '>=', since)
    .executeTakeFirst()
  return row?.position ?? null
}
