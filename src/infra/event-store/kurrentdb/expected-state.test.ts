import { ANY, NO_STREAM, STREAM_EXISTS, UnknownError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client'
import { describe, expect, it } from 'vitest'
import { WrongExpectedRevisionError } from '../../../domain/ports/event-store.ts'
import { normalizeExpected, toStreamState, toWrongExpectedRevision } from './expected-state.ts'

describe('expected revisions on KurrentDB', () => {
  it('maps each expectation to the client stream state', () => {
    expect(toStreamState('any')).toBe(ANY)
    expect(toStreamState('no_stream')).toBe(NO_STREAM)
    expect(toStreamState('exists')).toBe(STREAM_EXISTS)
    expect(toStreamState(0)).toBe(0n)
    expect(toStreamState(41)).toBe(41n)
  })

  it('reads -1 as no_stream and refuses what is no revision', () => {
    expect(normalizeExpected(-1)).toBe('no_stream')
    expect(normalizeExpected(3)).toBe(3)
    expect(() => normalizeExpected(-2)).toThrow(RangeError)
    expect(() => normalizeExpected(1.5)).toThrow(RangeError)
  })

  it("turns the client's WrongExpectedVersionError into ours, with the actual revision", () => {
    const moved = new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: 1n, current: 2n })
    const error = toWrongExpectedRevision(moved, 's-1', 1)
    expect(error).toBeInstanceOf(WrongExpectedRevisionError)
    expect(error).toMatchObject({ streamId: 's-1', expected: 1, actual: 2 })

    const missing = new WrongExpectedVersionError(undefined, { streamName: 's-2', expected: STREAM_EXISTS, current: NO_STREAM })
    expect(toWrongExpectedRevision(missing, 's-2', 'exists')).toMatchObject({ expected: 'exists', actual: -1 })
  })

  it('leaves every other error alone', () => {
    expect(toWrongExpectedRevision(new UnknownError(), 's', 'any')).toBeUndefined()
    expect(toWrongExpectedRevision(new Error('boom'), 's', 'any')).toBeUndefined()
    expect(toWrongExpectedRevision(undefined, 's', 'any')).toBeUndefined()
  })
})
