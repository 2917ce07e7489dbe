import { FORWARDS, type KurrentDBClient } from '@kurrent/kurrentdb-client'
import type { ReadAllOptions, StoredEvent } from '../../../domain/ports/event-store.ts'
import { readFromAfter } from './kurrentdb-position.ts'
import { ourEvents } from './system-events.ts'
import { toStoredEvent } from './to-stored-event.ts'

export const DEFAULT_READ_ALL_LIMIT = 1000

/**
 * Our events after a position, in $all order. Gap-safe as the port asks: KurrentDB serves $all only up
 * to its last indexed record, and indexes in log order, so an event committed later always lands after
 * what this returned.
 */
export async function readAll(client: KurrentDBClient, { after = 0n, limit = DEFAULT_READ_ALL_LIMIT }: ReadAllOptions = {}): Promise<StoredEvent[]> {
  if (limit <= 0) return []
  const events: StoredEvent[] = []
  // The read starts AT `after` (inclusive), so one more than asked for, and `after` itself dropped.
  for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: readFromAfter(after), maxCount: limit + 1, filter: ourEvents() })) {
    const event = toStoredEvent(resolved)
    if (event.position <= after) continue
    events.push(event)
    if (events.length === limit) break
  }
  return events
}
