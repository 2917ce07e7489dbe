import { START, type Position } from '@kurrent/kurrentdb-client'

/** The largest position our checkpoints (Postgres bigint columns) can hold. */
const MAX_POSITION = (1n << 63n) - 1n

/**
 * One bigint for a KurrentDB position {commit, prepare}.
 *
 * KurrentDB writes every event of an append as its own self-committed record (implicit transactions:
 * each prepare carries IsCommitted), so each event, also each event of a multi-event append, has
 * commit = prepare = the byte offset of its record in the log. That offset (plus one, so that 0n stays
 * "before everything") is strictly increasing in $all order, fits a Postgres bigint, and is exactly
 * where a forward read resumes: reading $all from {commit: p, prepare: p} returns the event at p first
 * (the read is inclusive; readAll drops it). Stream reads report the same {p, p} for these events.
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
  if (commit < 0n || commit >= MAX_POSITION) throw new PositionNotEncodableError(`${what}: KurrentDB position ${commit} is outside 0..2^63-2`)
  // Position 0 is the log's first byte: an event can sit there only as the very first record; +1 keeps 0n meaning "before everything".
  return commit + 1n
}

/** Where a forward read of $all starts for events after `after` (inclusive: the caller drops `after` itself). */
export function readFromAfter(after: bigint): Position | typeof START {
  if (after <= 0n) return START
  return decodePosition(after)
}

export function decodePosition(position: bigint): Position {
  if (position <= 0n || position > MAX_POSITION) throw new PositionNotEncodableError(`position ${position} is not a KurrentDB position`)
  const offset = position - 1n
  return { commit: offset, prepare: offset }
}

export class PositionNotEncodableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PositionNotEncodableError'
  }
}
