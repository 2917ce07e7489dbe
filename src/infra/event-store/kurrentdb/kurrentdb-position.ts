import { START, type Position } from '@kurrent/kurrentdb-client'

/** The largest position our checkpoints (Postgres bigint columns) can hold. */
const MAX_POSITION = (1n << 63n) - 1n

/**
 * One bigint for a KurrentDB position {commit, prepare}.
 *
 * KurrentDB writes every event of an append as its own self-committed record (implicit transactions:
 * each prepare carries IsCommitted), so each event, also each event of a multi-event append, has
 * commit = prepare = L, the byte offset of its record in the log: strictly increasing in $all order,
 * and a place a read can start from (stream reads report the same {L, L}). Reads must start at a
 * record, never inside one, and the port's `after` is an exclusive bound that callers also take as
 * "an event's position minus one" (a replay from a delivery's eventPosition). So the event at L is
 * 2L + 1 and 2L is the bound just before it: both resume from L (reads of $all are inclusive; readAll
 * drops the event itself when `after` is its position). 0n is before everything; all fit a bigint.
 *
 * Only events of explicit transactions (the legacy TCP API, removed in v24) have commit ≠ prepare: a
 * shared commit record after their prepares. One number cannot address those, and resuming from
 * either half would skip or repeat events, so they fail here, loudly, never silently.
 */
export function encodePosition(position: Position | undefined, what: string): bigint {
  if (!position) throw new PositionNotEncodableError(`${what}: KurrentDB reported no position (a server older than 22.6 does not in stream reads)`)
  const { commit, prepare } = position
  if (commit !== prepare) {
    throw new PositionNotEncodableError(
      `${what}: KurrentDB position {commit: ${commit}, prepare: ${prepare}} has commit ≠ prepare, which only events of a legacy explicit transaction have; this adapter cannot address them by one position`,
    )
  }
  const encoded = 2n * commit + 1n
  if (commit < 0n || encoded > MAX_POSITION) throw new PositionNotEncodableError(`${what}: KurrentDB position ${commit} is outside 0..2^62-1`)
  return encoded
}

/**
 * Where a forward read of $all starts for the events after `after`: the record of the event at or
 * just after it. `after` must be an event's position or one less (checkpoints, or a number from outside
 * that went through `alignedBound` first): any other number is no place in the log.
 */
export function readFromAfter(after: bigint): Position | typeof START {
  if (after <= 0n) return START
  return recordAt(after)
}

/** The record an encoded position (or the bound just before it) points at. */
export function recordAt(position: bigint): Position {
  if (position <= 0n || position > MAX_POSITION) throw new PositionNotEncodableError(`position ${position} is not a KurrentDB position`)
  const offset = position / 2n
  return { commit: offset, prepare: offset }
}

/**
 * Decodes a number from outside (a replay's fromPosition - 1, user input) into a bound reads can start
 * from. An odd number claims an event's record (2L + 1), an even one the bound just before it (2L), but
 * L is a record boundary only if an event really starts there: any other offset is inside a record, or
 * past the log, and must never reach the server. So the answer is the position of the last real event
 * at or below `after` (0n when none), from the events' positions in descending order: `readAll` after
 * it yields exactly the events above `after`, since none lie in between.
 */
export async function alignedBound(after: bigint, descendingPositions: AsyncIterable<bigint> | Iterable<bigint>): Promise<bigint> {
  if (after <= 0n) return 0n
  for await (const position of descendingPositions) {
    if (position % 2n !== 1n) throw new PositionNotEncodableError(`position ${position} is not one this adapter encoded (2L + 1)`)
    if (position <= after) return position
  }
  return 0n
}

export class PositionNotEncodableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PositionNotEncodableError'
  }
}
