import { BACKWARDS, END, type KurrentDBClient } from '@kurrent/kurrentdb-client'
import type { StoredEvent } from '../../../domain/ports/event-store.ts'
import { recordAt } from './kurrentdb-position.ts'
import { ourEvents } from './system-events.ts'
import { toStoredEvent } from './to-stored-event.ts'

const PAGE = 500

/**
 * Our events from the newest back, page by page, for as long as the caller iterates. Every page
 * starts at the end or at an event this read returned: never at a number from outside.
 */
export async function* readBackwards(client: KurrentDBClient): AsyncGenerator<StoredEvent> {
  let before: bigint | undefined
  for (;;) {
    let seen = 0
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: before === undefined ? END : recordAt(before), maxCount: PAGE, filter: ourEvents() })) {
      const event = toStoredEvent(resolved)
      if (before !== undefined && event.position >= before) continue
      seen++
      yield event
      before = event.position
    }
    if (seen === 0) return
  }
}
