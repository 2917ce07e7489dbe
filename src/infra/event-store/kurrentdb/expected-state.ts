import { ANY, NO_STREAM, STREAM_EXISTS, type AppendStreamState } from '@kurrent/kurrentdb-client'
import { NO_STREAM_REVISION, WrongExpectedRevisionError, type ExpectedRevision } from '../../../domain/ports/event-store.ts'

/** -1 means no_stream, as in Postgres; anything else that is not a revision is a caller's bug. */
export function normalizeExpected(expected: ExpectedRevision): ExpectedRevision {
  if (typeof expected !== 'number') return expected
  if (expected === NO_STREAM_REVISION) return 'no_stream'
  if (!Number.isInteger(expected) || expected < 0) throw new RangeError(`invalid expected revision ${expected}`)
  return expected
}

/** Our expectation as the client's stream state. */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY
    case 'no_stream':
      return NO_STREAM
    case 'exists':
      return STREAM_EXISTS
    default:
      return BigInt(expected)
  }
}

const WRONG_EXPECTED_VERSION = 'wrong-expected-version'

/**
 * The client's WrongExpectedVersionError (the v1 append answers it as a result, the batch append as an
 * error; the client throws both), with the stream's actual revision: -1 when it does not exist.
 */
export function toWrongExpectedRevision(error: unknown, streamId: string, expected: ExpectedRevision): WrongExpectedRevisionError | undefined {
  const { type, actualState } = (error ?? {}) as { type?: unknown; actualState?: unknown }
  if (type !== WRONG_EXPECTED_VERSION) return undefined
  const actual = typeof actualState === 'bigint' ? Number(actualState) : NO_STREAM_REVISION
  return new WrongExpectedRevisionError(streamId, expected, actual)
}
