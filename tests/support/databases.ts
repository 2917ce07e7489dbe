import type { Kysely } from 'kysely'
import { migrateToLatest } from '../../src/infra/db/migrate.ts'
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/infra/db/open-database.ts'
import { createTestDatabase, DATABASE_URL } from './postgres.ts'

export interface TestDatabase<Schema = any> {
  readonly kind: DatabaseKind
  readonly db: Kysely<Schema>
  readonly handle: DatabaseHandle<Schema>
  /** The server URL of this database (postgres only): for a second connection pool or process. */
  readonly url?: string
  close(): Promise<void>
}

/** Every database target the contract suites run against: PGlite always, Postgres when DATABASE_URL is set. */
export const databaseTargets: ReadonlyArray<{ kind: DatabaseKind; available: boolean }> = [
  { kind: 'pglite', available: true },
  { kind: 'postgres', available: Boolean(DATABASE_URL) },
]

/** A migrated, empty database of the given kind for one suite. */
export async function openTestDatabase<Schema = any>(kind: DatabaseKind, options: { poolSize?: number } = {}): Promise<TestDatabase<Schema>> {
  if (kind === 'pglite') {
    const handle = await openDatabase<Schema>({})
    await migrateToLatest(handle.db)
    return { kind, db: handle.db, handle, close: () => handle.close() }
  }
  const { url, drop } = await createTestDatabase()
  const handle = await openDatabase<Schema>({ url, ...options })
  await migrateToLatest(handle.db)
  return {
    kind,
    db: handle.db,
    handle,
    url,
    close: async () => {
      await handle.close()
      await drop()
    },
  }
}
