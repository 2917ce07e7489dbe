import type { Kysely } from 'kysely'
import type { EventStoreTables } from './tables.ts'

/** Whether any event was ever stored in Postgres: a gateway switching to KurrentDB must not have any. */
export async function hasEvents(db: Kysely<EventStoreTables>): Promise<boolean> {
  return (await db.selectFrom('events').select('position').limit(1).executeTakeFirst()) !== undefined
}
