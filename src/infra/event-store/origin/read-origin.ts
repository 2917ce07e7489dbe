import type { Kysely } from 'kysely'
import type { EventStoreKind, EventStoreOriginTables } from './tables.ts'

/** The event store this database's read models were built from, if it ever had one. */
export async function readOrigin(db: Kysely<EventStoreOriginTables>): Promise<{ kind: EventStoreKind; recordedAt: Date } | undefined> {
  const row = await db.selectFrom('event_store_origin').select(['kind', 'recorded_at']).executeTakeFirst()
  return row && { kind: row.kind, recordedAt: row.recorded_at }
}
