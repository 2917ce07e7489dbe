import type { Kysely } from 'kysely'
import type { EventStoreKind, EventStoreOriginTables } from './tables.ts'

/**
 * Records `kind` as this database's event store unless one is recorded already (another node may have
 * started first); answers the one that holds.
 */
export async function claimOrigin(db: Kysely<EventStoreOriginTables>, kind: EventStoreKind): Promise<EventStoreKind> {
  await db.insertInto('event_store_origin').values({ kind }).onConflict((c) => c.column('id').doNothing()).execute()
  const row = await db.selectFrom('event_store_origin').select('kind').executeTakeFirstOrThrow()
  return row.kind
}
