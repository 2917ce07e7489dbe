import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { EventStore } from '../../domain/ports/event-store.ts'
import { connectKurrentDb, redacted } from './kurrentdb/connect-kurrentdb.ts'
import { claimOrigin } from './origin/claim-origin.ts'
import { readOrigin } from './origin/read-origin.ts'
import type { EventStoreKind, EventStoreOriginTables } from './origin/tables.ts'
import { hasEvents } from './postgres/has-events.ts'
import { PostgresEventStore } from './postgres/postgres-event-store.ts'
import type { EventStoreTables } from './postgres/tables.ts'

/**
 * The event store the configuration asks for: KurrentDB when KURRENTDB_URL is set (read models,
 * checkpoints and auth stay in Postgres/PGlite), else Postgres/PGlite itself. The database records
 * which one its read models were built from, and a switch either way is refused: the checkpoints are
 * positions of the other store, and resuming from them would skip or misread every event.
 */
export async function openEventStore(options: {
  kurrentDbUrl: string | undefined
  db: Kysely<EventStoreTables & EventStoreOriginTables>
  logger: Logger
}): Promise<EventStore> {
  const { kurrentDbUrl, db, logger } = options
  const wanted: EventStoreKind = kurrentDbUrl ? 'kurrentdb' : 'postgres'
  const recorded = (await readOrigin(db))?.kind ?? (wanted === 'kurrentdb' && (await hasEvents(db)) ? 'postgres' : undefined)
  if (recorded !== undefined && recorded !== wanted) throw new EventStoreSwitchError(recorded)
  if (!kurrentDbUrl) {
    await claimed(db, 'postgres')
    return new PostgresEventStore(db)
  }
  // Recorded once KurrentDB answered: a first start that cannot reach it leaves the choice open.
  const store = await connectKurrentDb(kurrentDbUrl, { logger })
  try {
    await claimed(db, 'kurrentdb')
  } catch (error) {
    await store.close()
    throw error
  }
  logger.info({ kurrentdb: redacted(kurrentDbUrl) }, 'event store: KurrentDB')
  return store
}

/** Records the store, or fails if another node recorded the other one a moment ago. */
async function claimed(db: Kysely<EventStoreOriginTables>, kind: EventStoreKind): Promise<void> {
  const holds = await claimOrigin(db, kind)
  if (holds !== kind) throw new EventStoreSwitchError(holds)
}

/** The configured event store is not the one this database's read models were built from. */
export class EventStoreSwitchError extends Error {
  readonly recorded: EventStoreKind
  constructor(recorded: EventStoreKind) {
    super(
      recorded === 'postgres'
        ? 'KURRENTDB_URL is set, but this database already holds events in Postgres (or its read models and checkpoints were built from them), ' +
            'and KurrentDB cannot continue them: its positions are not Postgres positions. Unset KURRENTDB_URL to go on with the Postgres store, ' +
            'or point DATA_DIR/DATABASE_URL at a fresh database for KurrentDB.'
        : "KURRENTDB_URL is unset, but this database's read models and checkpoints were built from KurrentDB: its checkpoints are KurrentDB positions, " +
            'so every event appended to Postgres would lie below them and never be projected. Set KURRENTDB_URL again to go on with KurrentDB ' +
            '(the events are there), or point DATA_DIR/DATABASE_URL at a fresh database for the Postgres store.',
    )
    this.name = 'EventStoreSwitchError'
    this.recorded = recorded
  }
}
