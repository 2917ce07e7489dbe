import type { Kysely } from 'kysely'
import { NO_STREAM_REVISION } from '../../../domain/ports/event-store.ts'
import type { EventStoreTables } from './tables.ts'

/** The revision of the stream's last event, or -1 when the stream does not exist. */
export async function readStreamRevision(db: Kysely<EventStoreTables>, streamId: string): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('revision').as('revision')).where('stream_id', '=', streamId).executeTakeFirst()
  return row?.revision ?? NO_STREAM_REVISION
}
