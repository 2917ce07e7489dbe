import type { KurrentDBClient } from '@kurrent/kurrentdb-client'
import { alignedBound } from './kurrentdb-position.ts'
import { readBackwards } from './read-backwards.ts'

/**
 * A bound `readAll` may start from for a number from outside (a replay's fromPosition - 1): the last
 * event at or before it, found reading $all backwards from the end (cheap for a recent position).
 */
export async function alignAfter(client: KurrentDBClient, after: bigint): Promise<bigint> {
  if (after <= 0n) return 0n
  return alignedBound(after, positions(client))
}

async function* positions(client: KurrentDBClient): AsyncGenerator<bigint> {
  for await (const event of readBackwards(client)) yield event.position
}
