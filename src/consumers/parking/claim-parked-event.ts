import type { Kysely } from 'kysely'
import type { ParkedEventsTables } from './tables.ts'

/**
 * A retry takes a parked event for itself: marks it resolved if no one has, and answers whether it
 * did. Of two retries at once, one wins; the other finds it taken (the row lock makes it wait for the
 * winner's transaction, then see its outcome).
 */
export async function claimParkedEvent(db: Kysely<ParkedEventsTables>, id: string, at: Date): Promise<boolean> {
  const row = await db.updateTable('parked_events').set({ resolved_at: at }).where('id', '=', id).where('resolved_at', 'is', null).returning('id').executeTakeFirst()
  return row !== undefined
}
