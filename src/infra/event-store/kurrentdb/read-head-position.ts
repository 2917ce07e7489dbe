import { BACKWARDS, END, type BaseOptions, type KurrentDBClient } from '@kurrent/kurrentdb-client'
import { encodePosition } from './kurrentdb-position.ts'
import { ourEvents } from './system-events.ts'

/** The position of our last event in $all, 0n when there is none. */
export async function readHeadPosition(client: KurrentDBClient, options: Pick<BaseOptions, 'deadline'> = {}): Promise<bigint> {
  for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: ourEvents(), ...options })) {
    if (resolved.event) return encodePosition(resolved.event.position, `event ${resolved.event.id}`)
  }
  return 0n
}
