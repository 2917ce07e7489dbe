import type { KurrentDBClient } from '@kurrent/kurrentdb-client'
import type { ReadStreamOptions, StoredEvent } from '../../../domain/ports/event-store.ts'
import { toStoredEvent } from './to-stored-event.ts'

const STREAM_NOT_FOUND = 'stream-not-found'

/** A stream's events from a revision on, in revision order; [] for a stream that does not exist. */
export async function readStream(client: KurrentDBClient, streamId: string, { fromRevision = 0, maxCount }: ReadStreamOptions = {}): Promise<StoredEvent[]> {
  if (maxCount === 0) return []
  const events: StoredEvent[] = []
  try {
    for await (const resolved of client.readStream(streamId, { fromRevision: BigInt(fromRevision), ...(maxCount === undefined ? {} : { maxCount }) })) {
      events.push(toStoredEvent(resolved))
    }
  } catch (error) {
    if ((error as { type?: unknown }).type === STREAM_NOT_FOUND) return []
    throw error
  }
  return events
}
