import { Migrator, type Kysely, type Migration } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../db/migrate.ts'
import { migrations } from '../../db/migrations/index.ts'
import { openDatabase, type DatabaseHandle } from '../../db/open-database.ts'
import { openTestDatabase, type TestDatabase } from '../../../../tests/support/databases.ts'
import { PostgresEventStore } from '../postgres/postgres-event-store.ts'
import { claimOrigin } from './claim-origin.ts'
import { readOrigin } from './read-origin.ts'

describe('the event store a database was built from', () => {
  let test: TestDatabase | undefined
  let handle: DatabaseHandle<any> | undefined
  afterEach(async () => {
    await test?.close()
    await handle?.close()
    test = handle = undefined
  })

  it('is recorded once: the first claim holds, a later one for the other store answers the first', async () => {
    test = await openTestDatabase('pglite')
    expect(await readOrigin(test.db)).toBeUndefined()
    expect(await claimOrigin(test.db, 'kurrentdb')).toBe('kurrentdb')
    expect(await claimOrigin(test.db, 'postgres')).toBe('kurrentdb')
    expect(await claimOrigin(test.db, 'kurrentdb')).toBe('kurrentdb')
    expect(await readOrigin(test.db)).toMatchObject({ kind: 'kurrentdb', recordedAt: expect.any(Date) })
    expect(await test.db.selectFrom('event_store_origin').selectAll().execute()).toHaveLength(1)
  })

  /** A database as a gateway from before the origin table left it, then migrated. */
  async function upgraded(before: (db: Kysely<any>) => Promise<void>): Promise<Kysely<any>> {
    handle = await openDatabase<any>({})
    const { error } = await new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations as Record<string, Migration> } }).migrateTo('0021-parked-events')
    expect(error).toBeUndefined()
    await before(handle.db)
    expect((await migrateToLatest(handle.db))[0]).toBe('0022-event-store-origin') // later migrations follow it
    return handle.db
  }

  it('is inferred for a database from before the table: Postgres events make it postgres', async () => {
    const db = await upgraded(async (db) => {
      await new PostgresEventStore(db).append('s-1', [{ type: 'test.happened', data: {} }])
      await db.insertInto('checkpoints').values({ name: 'p', position: 1n }).execute()
    })
    expect((await readOrigin(db))?.kind).toBe('postgres')
  })

  it('is inferred for a database from before the table: advanced checkpoints and no Postgres events make it kurrentdb', async () => {
    const db = await upgraded((db) => db.insertInto('checkpoints').values({ name: 'p', position: 8193n }).execute().then(() => undefined))
    expect((await readOrigin(db))?.kind).toBe('kurrentdb')
  })

  it('is left open for a database from before the table that never projected anything', async () => {
    const db = await upgraded((db) => db.insertInto('checkpoints').values({ name: 'p', position: 0n }).execute().then(() => undefined))
    expect(await readOrigin(db)).toBeUndefined()
  })
})
