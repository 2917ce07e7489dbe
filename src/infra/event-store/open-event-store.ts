import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { EventStore } from '../../domain/ports/event-store.ts'
import { connectKurrentDb, redacted } from './kurrentdb/connect-kurrentdb.ts'
import { hasEvents } from './postgres/has-events.ts'
import { PostgresEventStore } from './postgres/postgres-event-store.ts'
import type { EventStoreTables } from './postgres/tables.ts'

/**
 * The event store the configuration asks for: KurrentDB when KURRENTDB_URL is set (read models,
 * checkpoints and auth stay in Postgres/PGlite), else Postgres/PGlite itself.
 */
export async function openEventStore(options: { kurrentDbUrl: string | undefined; db: Kysely<EventStoreTables>; logger: Logger }): Promise<EventStore> {
  const { kurrentDbUrl, db, logger } = options
  if (!kurrentDbUrl) return new PostgresEventStore(db)
  // The read models and checkpoints here were built from Postgres' events, whose positions mean nothing in KurrentDB.
  if (await hasEvents(db)) {
    throw new Error(
      'KURRENTDB_URL is set, but this database already holds events in Postgres: its read models and checkpoints were built from them, ' +
        'and KurrentDB cannot continue them. Unset KURRENTDB_URL to go on with the Postgres store, or point DATA_DIR/DATABASE_URL at a fresh database for KurrentDB.',
    )
  }
  const store = await connectKurrentDb(kurrentDbUrl, { logger })
  logger.info({ kurrentdb: redacted(kurrentDbUrl) }, 'event store: KurrentDB')
  return store
}
