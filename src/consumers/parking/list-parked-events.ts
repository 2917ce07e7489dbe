import type { Kysely, Selectable } from 'kysely'
import type { ParkedEventsTable, ParkedEventsTables } from './tables.ts'

export interface ParkedEventFilters {
  readonly consumer?: string
  /** false: only those still parked (the default); true: only resolved ones; undefined: all. */
  readonly resolved?: boolean
  readonly limit: number
}

/** Oldest first: the order they were parked in, which is the order to look at them in. */
export function listParkedEvents(db: Kysely<ParkedEventsTables>, filters: ParkedEventFilters): Promise<Selectable<ParkedEventsTable>[]> {
  let query = db.selectFrom('parked_events').selectAll()
  if (filters.consumer) query = query.where('consumer', '=', filters.consumer)
  if (filters.resolved === true) query = query.where('resolved_at', 'is not', null)
  if (filters.resolved === false) query = query.where('resolved_at', 'is', null)
  return query.orderBy('first_failed_at').orderBy('id').limit(filters.limit).execute()
}

export function findParkedEvent(db: Kysely<ParkedEventsTables>, id: string): Promise<Selectable<ParkedEventsTable> | undefined> {
  return db.selectFrom('parked_events').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The events `consumer` has parked and no one has resolved: every node reads the same, after a restart too. */
export function unresolvedParkedEvents(db: Kysely<ParkedEventsTables>, consumer: string): Promise<Array<Pick<Selectable<ParkedEventsTable>, 'event_id' | 'payload'>>> {
  return db.selectFrom('parked_events').select(['event_id', 'payload']).where('consumer', '=', consumer).where('resolved_at', 'is', null).execute()
}
