import { BACKWARDS, END, type KurrentDBClient } from '@kurrent/kurrentdb-client'
import { recordAt } from './kurrentdb-position.ts'
import { ourEvents } from './system-events.ts'
import { toStoredEvent } from './to-stored-event.ts'

const PAGE = 500

/**
 * Replay by time. KurrentDB keeps no index by time, so this reads $all backwards from the end, page by
 * page, to the last event recorded before `time`: its position is the answer (0n when there is none).
 * The cost grows with the number of events since `time`: cheap for the recent past a replay asks for,
 * a full scan for a time before everything.
 */
export async function positionAt(client: KurrentDBClient, time: Date): Promise<bigint> {
  let before: bigint | undefined
  for (;;) {
    let seen = 0
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: before === undefined ? END : recordAt(before), maxCount: PAGE, filter: ourEvents() })) {
      const event = toStoredEvent(resolved)
      if (before !== undefined && event.position >= before) continue
      seen++
      if (event.occurredAt < time) return event.position
      before = event.position
    }
    if (seen === 0) return 0n
  }
}
