import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { KurrentDbUnavailableError } from './kurrentdb/connect-kurrentdb.ts'
import { EventStoreSwitchError, openEventStore } from './open-event-store.ts'
import { claimOrigin } from './origin/claim-origin.ts'
import { readOrigin } from './origin/read-origin.ts'
import type { EventStoreOriginTables } from './origin/tables.ts'
import { PostgresEventStore } from './postgres/postgres-event-store.ts'
import type { EventStoreTables } from './postgres/tables.ts'
import { freePort } from '../../../tests/support/processes.ts'

const logger = pino({ level: 'silent' })

// One database, in order: empty first, then holding an event.
describe('choosing the event store', () => {
  let test: TestDatabase<EventStoreTables & EventStoreOriginTables>
  beforeAll(async () => {
    test = await openTestDatabase<EventStoreTables & EventStoreOriginTables>('pglite')
  })
  afterAll(() => test?.close())

  it('refuses to start on a KurrentDB that does not answer, saying what to do, and leaves the choice open', async () => {
    const error = await openEventStore({ kurrentDbUrl: `kurrentdb://127.0.0.1:${await freePort()}?tls=false`, db: test.db, logger }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KurrentDbUnavailableError)
    expect((error as Error).message).toMatch(/cannot reach KurrentDB .* \(KURRENTDB_URL\).*unset KURRENTDB_URL/)
    expect(await readOrigin(test.db)).toBeUndefined()
  })

  it('keeps the events in Postgres when KURRENTDB_URL is unset, and records that at the first start', async () => {
    const store = await openEventStore({ kurrentDbUrl: undefined, db: test.db, logger })
    expect(store).toBeInstanceOf(PostgresEventStore)
    expect((await readOrigin(test.db))?.kind).toBe('postgres')
    // A restart on the same store.
    expect(await openEventStore({ kurrentDbUrl: undefined, db: test.db, logger })).toBeInstanceOf(PostgresEventStore)
  })

  it('refuses KurrentDB for a database whose read models were built from Postgres, with or without events yet', async () => {
    const kurrent = { kurrentDbUrl: `kurrentdb://127.0.0.1:${await freePort()}?tls=false`, db: test.db, logger }
    // The check comes before any connection: no KurrentDB needed to see it.
    const before = await openEventStore(kurrent).catch((e: unknown) => e)
    expect(before).toBeInstanceOf(EventStoreSwitchError)
    await new PostgresEventStore(test.db).append('s-1', [{ type: 'test.happened', data: {} }])
    const error = await openEventStore(kurrent).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EventStoreSwitchError)
    expect((error as Error).message).toMatch(/already holds events in Postgres.*Unset KURRENTDB_URL.*fresh database for KurrentDB/)
  })
})

describe('switching back from KurrentDB to Postgres', () => {
  let test: TestDatabase<EventStoreTables & EventStoreOriginTables>
  beforeAll(async () => {
    test = await openTestDatabase<EventStoreTables & EventStoreOriginTables>('pglite')
  })
  afterAll(() => test?.close())

  it('is refused: the checkpoints are KurrentDB positions, and Postgres events below them would never be projected', async () => {
    // What a gateway's first start on KurrentDB records once the server answered.
    await claimOrigin(test.db, 'kurrentdb')
    const error = await openEventStore({ kurrentDbUrl: undefined, db: test.db, logger }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EventStoreSwitchError)
    expect((error as Error).message).toMatch(/KURRENTDB_URL is unset, but this database's read models and checkpoints were built from KurrentDB.*never be projected.*Set KURRENTDB_URL again.*fresh database/)
    // Nothing was written to Postgres on the way.
    expect(await test.db.selectFrom('events').select('position').execute()).toEqual([])
    expect((await readOrigin(test.db))?.kind).toBe('kurrentdb')
  })
})
