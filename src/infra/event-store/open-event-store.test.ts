import { createServer } from 'node:net'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { KurrentDbUnavailableError } from './kurrentdb/connect-kurrentdb.ts'
import { openEventStore } from './open-event-store.ts'
import { PostgresEventStore } from './postgres/postgres-event-store.ts'
import type { EventStoreTables } from './postgres/tables.ts'

const logger = pino({ level: 'silent' })

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

// One database, in order: empty first, then holding an event.
describe('choosing the event store', () => {
  let test: TestDatabase<EventStoreTables>
  beforeAll(async () => {
    test = await openTestDatabase<EventStoreTables>('pglite')
  })
  afterAll(() => test?.close())

  it('keeps the events in Postgres when KURRENTDB_URL is unset', async () => {
    const store = await openEventStore({ kurrentDbUrl: undefined, db: test.db, logger })
    expect(store).toBeInstanceOf(PostgresEventStore)
  })

  it('refuses to start on a KurrentDB that does not answer, saying what to do', async () => {
    const error = await openEventStore({ kurrentDbUrl: `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`, db: test.db, logger }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KurrentDbUnavailableError)
    expect((error as Error).message).toMatch(/cannot reach KurrentDB .* \(KURRENTDB_URL\).*unset KURRENTDB_URL/)
  })

  it('refuses KurrentDB for a database whose read models were built from Postgres events', async () => {
    await new PostgresEventStore(test.db).append('s-1', [{ type: 'test.happened', data: {} }])
    // The check comes before any connection: no KurrentDB needed to see it.
    const error = await openEventStore({ kurrentDbUrl: `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`, db: test.db, logger }).catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/already holds events in Postgres.*Unset KURRENTDB_URL/)
  })
})
