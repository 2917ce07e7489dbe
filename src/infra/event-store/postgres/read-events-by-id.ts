import type { Kysely } from 'kysely'
import type { StoredEvent } from '../../../domain/ports/event-store.ts'
import { toStoredEvent } from './event-row.ts'
import type { EventStoreTables } from './tables.ts'

/** The stored events with these ids, in stream order: how a retried append finds its first result. */
export async function readEventsById(db: Kysely<EventStoreTables>, ids: readonly string[]): Promise<StoredEvent[]> {
  if (ids.length === 0) return []
  const rows = await db.selectFrom('events').selectAll().where('id', 'in', ids).orderBy('position').execute()
  return rows.map(toStoredEvent)
}
