import { describe, expect, it } from 'vitest'
import { ACCOUNT_THROTTLE } from './login-policy.ts'
import { LoginThrottle } from './login-throttle.ts'

describe('LoginThrottle', () => {
  const clock = () => {
    let now = 1_000_000
    return { now: () => now, advance: (ms: number) => (now += ms) }
  }

  it('lets the free failures pass, then doubles the wait, then locks', () => {
    const time = clock()
    const throttle = new LoginThrottle(ACCOUNT_THROTTLE, { now: time.now })
    const waits: number[] = []
    for (let i = 0; i < 11; i++) {
      waits.push(throttle.waitMs('a'))
      throttle.recordFailure('a')
    }
    expect(waits).toEqual([0, 0, 0, 5000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 15 * 60_000])
    expect(throttle.waitMs('b')).toBe(0)
  })

  it('counts the wait from the last failure and forgets after the window', () => {
    const time = clock()
    const throttle = new LoginThrottle(ACCOUNT_THROTTLE, { now: time.now })
    for (let i = 0; i < 5; i++) throttle.recordFailure('a')
    expect(throttle.waitMs('a')).toBe(20_000)
    time.advance(15_000)
    expect(throttle.waitMs('a')).toBe(5000)
    time.advance(5000)
    expect(throttle.waitMs('a')).toBe(0)
    time.advance(15 * 60_000 + 1)
    expect([throttle.failures('a'), throttle.waitMs('a')]).toEqual([0, 0])
  })

  it('tells a lock from a slow-down', () => {
    const time = clock()
    const throttle = new LoginThrottle(ACCOUNT_THROTTLE, { now: time.now })
    for (let i = 0; i < 9; i++) throttle.recordFailure('a')
    expect([throttle.waitMs('a') > 0, throttle.locked('a')]).toEqual([true, false])
    throttle.recordFailure('a')
    expect(throttle.locked('a')).toBe(true)
    time.advance(15 * 60_000)
    expect(throttle.locked('a')).toBe(false)
  })

  it('restarts the wait when touched', () => {
    const time = clock()
    const throttle = new LoginThrottle(ACCOUNT_THROTTLE, { now: time.now })
    for (let i = 0; i < 4; i++) throttle.recordFailure('a')
    time.advance(8000)
    expect(throttle.waitMs('a')).toBe(2000)
    throttle.touch('a')
    expect(throttle.waitMs('a')).toBe(10_000)
  })

  it('forgives one failure, resets, and keeps at most maxKeys keys', () => {
    const throttle = new LoginThrottle(ACCOUNT_THROTTLE, { maxKeys: 2 })
    throttle.recordFailure('a')
    throttle.recordFailure('a')
    throttle.forgive('a')
    expect(throttle.failures('a')).toBe(1)
    throttle.reset('a')
    expect(throttle.failures('a')).toBe(0)
    for (const key of ['x', 'y', 'z']) throttle.recordFailure(key)
    expect(['x', 'y', 'z'].map((k) => throttle.failures(k))).toEqual([0, 1, 1])
  })
})
