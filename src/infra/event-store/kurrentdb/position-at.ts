import type { KurrentDBClient } from '@kurrent/kurrentdb-client'
import { readBackwards } from './read-backwards.ts'

/**
 * Replay by time. KurrentDB keeps no index by time, so this reads $all backwards from the end, page by
 * page, to the last event recorded before `time`: its position is the answer (0n when there is none).
 * The cost grows with the number of events since `time`: cheap for the recent past a replay asks for,
 * a full scan for a time before everything.
 */
export async function positionAt(client: KurrentDBClient, time: Date): Promise<bigint> {
  for await (const event of readBackwards(client)) {
    if (event.occurredAt < time) return event.position
  }
  return 0n
}
