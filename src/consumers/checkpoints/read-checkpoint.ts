import type { Kysely } from 'kysely'
import type { CheckpointTables } from './tables.ts'

/** Where a consumer stopped: the position of the last event it handled, 0n when it never ran. */
export async function readCheckpoint(db: Kysely<CheckpointTables>, name: string): Promise<bigint> {
  const row = await db.selectFrom('checkpoints').select('position').where('name', '=', name).executeTakeFirst()
  return row?.position ?? 0n
}
