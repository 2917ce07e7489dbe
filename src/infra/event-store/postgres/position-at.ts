import type { Kysely } from 'kysely'
import type { EventStoreTables } from './tables.ts'
import { readHeadPosition } from './read-all.ts'

/**
 * Replay by time: just before the first event recorded at or after `time` (occurred_at is indexed by
 * migration 0020), or the head when there is none. Positions are not dense, so "just before" is the
 * first position minus one: `readAll({ after })` starts with that event either way.
 */
export async function positionAt(db: Kysely<EventStoreTables>, time: Date): Promise<bigint> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.min('position').as('position'))
    .where('occurred_at', '>=', time)
    .executeTakeFirst()
  const first = row?.position ?? null
  return first === null ? readHeadPosition(db) : first - 1n
}
