import type { Kysely } from 'kysely'
import type { ReadStreamOptions, StoredEvent } from '../../../domain/ports/event-store.ts'
import { toStoredEvent } from './event-row.ts'
import type { EventStoreTables } from './tables.ts'

export async function readStream(
  db: Kysely<EventStoreTables>,
  streamId: string,
  { fromRevision = 0, maxCount }: ReadStreamOptions = {},
): Promise<StoredEvent[]> {
  let query = db
    .selectFrom('events')
    .selectAll()
    .where('stream_id', '=', streamId)
    .where('revision', '>=', fromRevision)
    .orderBy('revision')
  if (maxCount !== undefined) query = query.limit(maxCount)
  return (await query.execute()).map(toStoredEvent)
}
