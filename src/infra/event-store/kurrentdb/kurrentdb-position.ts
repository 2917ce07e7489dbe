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
 * just after it. A number that is neither an event's position nor one less is no place in the log
 * (the server should refuse to read from inside a record).
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

export class PositionNotEncodableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PositionNotEncodableError'
  }
}
