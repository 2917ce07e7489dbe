import { Migrator, type Kysely, type Migration } from 'kysely'
import { migrations } from './migrations/index.ts'

/** Brings the schema up to date. Kysely's migrator locks, so several nodes may start at once. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations as Record<string, Migration> },
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
