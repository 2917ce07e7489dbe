import { describe, expect, it } from 'vitest'
import { describeError, isTransientError } from './transient-error.ts'

describe('transient errors', () => {
  it('retries lost connections, serialization failures, deadlocks and lock timeouts', () => {
    for (const code of ['08006', '08003', '40001', '40P01', '55P03', '57P01', '53300']) expect(isTransientError(Object.assign(new Error('x'), { code }))).toBe(true)
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']) expect(isTransientError(Object.assign(new Error('x'), { code }))).toBe(true)
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isTransientError(new Error('PGlite is closed'))).toBe(true)
    expect(isTransientError(Object.assign(new Error('moved'), { name: 'WrongExpectedRevisionError' }))).toBe(true)
    expect(isTransientError(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: '40001' }) }))).toBe(true)
  })

  it('retries a failover and a restarting server: read-only transaction, shutdowns, cannot connect now, too many connections', () => {
    for (const code of ['25006', '57P01', '57P02', '57P03', '53300']) expect(isTransientError(Object.assign(new Error('x'), { code })), code).toBe(true)
    expect(isTransientError(new Error('wrapped', { cause: Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }) }))).toBe(true)
    // Other class-25 states are bugs, not outages.
    expect(isTransientError(Object.assign(new Error('in failed sql transaction'), { code: '25P02' }))).toBe(false)
  })

  it('parks bad data, constraint violations and bugs', () => {
    expect(isTransientError(Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' }))).toBe(false)
    expect(isTransientError(Object.assign(new Error('time zone displacement out of range'), { code: '22009' }))).toBe(false)
    expect(isTransientError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false)
    expect(isTransientError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false)
    expect(isTransientError('a string')).toBe(false)
    expect(isTransientError(undefined)).toBe(false)
  })

  it('describes an error with its code', () => {
    expect(describeError(Object.assign(new Error('bad'), { code: '22P05' }))).toBe('bad (22P05)')
    expect(describeError('plain')).toBe('plain')
  })
})
