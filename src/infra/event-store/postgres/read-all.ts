import { sql, type Kysely } from 'kysely'
import type { ReadAllOptions, StoredEvent } from '../../../domain/ports/event-store.ts'
import { toStoredEvent } from './event-row.ts'
import type { EventStoreTables } from './tables.ts'

export const DEFAULT_READ_ALL_LIMIT = 1000

/**
 * Events in global order, up to the oldest transaction still running. A position is
 * (transaction id << 20) + ordinal, and every transaction below the snapshot's xmin has ended, so an
 * event that commits later always has a position above everything returned here: readers never skip.
 */
const visibleBound = sql<bigint>`pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20`

export async function readAll(
  db: Kysely<EventStoreTables>,
  { after = 0n, limit = DEFAULT_READ_ALL_LIMIT }: ReadAllOptions = {},
): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('position', '>', after)
    .where('position', '<', visibleBound)
    .orderBy('position')
    .limit(limit)
    .execute()
  return rows.map(toStoredEvent)
}

/** The last position readAll can return now: 0n for an empty store. */
export async function readHeadPosition(db: Kysely<EventStoreTables>): Promise<bigint> {
  const row = await db
    .selectFrom('events')
    .select('position')
    .where('position', '<', visibleBound)
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.position ?? 0n
}
