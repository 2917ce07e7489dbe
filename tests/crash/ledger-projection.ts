import { sql } from 'kysely'
import type { Projection } from '../../src/consumers/projection.ts'

/** Writes down every event it applies (no unique key, so a double apply shows as a duplicate row). */
export const ledgerProjection: Projection = {
  name: 'crash-ledger',
  eventTypes: ['crash.tick'],
  async apply(db, events) {
    const values = events.map((e) => sql`(${e.id}::uuid, ${e.position})`)
    await sql`INSERT INTO crash_ledger (event_id, position) VALUES ${sql.join(values)}`.execute(db)
  },
  async reset(db) {
    await sql`DELETE FROM crash_ledger`.execute(db)
  },
}
