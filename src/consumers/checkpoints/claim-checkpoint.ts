import { sql, type Kysely, type Transaction } from 'kysely'
import { readCheckpoint } from './read-checkpoint.ts'
import type { CheckpointTables } from './tables.ts'

/** The advisory lock namespace of checkpoints (the first key of pg_advisory_xact_lock's pair). */
export const CHECKPOINT_LOCK_CLASS = 0x57_41_47_01

/**
 * Locks the consumer's checkpoint for this transaction and returns its position. Two instances of one
 * consumer (on two nodes) thus take turns, and each sees what the other committed.
 *
 * An advisory lock rather than a row lock: it takes no transaction id, and readers of the event store
 * wait for every open transaction that has one. A projection's transaction thus holds them back only
 * from its first write to its commit, not while it reads what it needs.
 */
export async function claimCheckpoint(trx: Transaction<CheckpointTables> | Kysely<CheckpointTables>, name: string): Promise<bigint> {
  await sql`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK_CLASS}, hashtext(${name}))`.execute(trx)
  return readCheckpoint(trx, name)
}
