import { sql, type Kysely } from 'kysely'
import type { CheckpointTables } from './tables.ts'

/** Records the position a consumer has handled, in the caller's transaction. */
export async function storeCheckpoint(db: Kysely<CheckpointTables>, name: string, position: bigint): Promise<void> {
  await db
    .insertInto('checkpoints')
    .values({ name, position })
    .onConflict((c) => c.column('name').doUpdateSet({ position, updated_at: sql`now()` }))
    .execute()
}
