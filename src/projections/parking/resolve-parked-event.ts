import type { Kysely } from 'kysely'
import type { ParkedEventsTables } from './tables.ts'

/** A retry of a parked event succeeded: it stays listed (resolved) for the record. */
export async function resolveParkedEvent(db: Kysely<ParkedEventsTables>, id: string, at: Date): Promise<void> {
  await db.updateTable('parked_events').set({ resolved_at: at }).where('id', '=', id).execute()
}
