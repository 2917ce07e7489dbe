import { describe, expect, it } from 'vitest'
import { afterFailure, type RetryPolicy } from './retry-policy.ts'

const policy: RetryPolicy = { baseMs: 1000, maxDelayMs: 60_000, windowMs: 10 * 60_000, maxAttempts: 20, maxRefusedAttempts: 3, jitter: 0.2 }
const start = new Date('2026-01-01T00:00:00Z')
const at = (ms: number) => new Date(start.getTime() + ms)

describe('retry policy', () => {
  it('doubles the delay after each failure up to the cap, spread by the jitter', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempts) => {
      const decision = afterFailure(policy, { attempts, startedAt: start, now: start }, () => 0.5)
      if (decision.dead) throw new Error('dead too early')
      return decision.nextAttemptAt.getTime() - start.getTime()
    })
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000])
    const low = afterFailure(policy, { attempts: 3, startedAt: start, now: start }, () => 0)
    const high = afterFailure(policy, { attempts: 3, startedAt: start, now: start }, () => 1)
    expect(low).toEqual({ dead: false, nextAttemptAt: at(3200) })
    expect(high).toEqual({ dead: false, nextAttemptAt: at(4800) })
  })

  it('dead-letters after the last attempt of the round', () => {
    expect(afterFailure(policy, { attempts: 19, startedAt: start, now: start }, () => 0.5).dead).toBe(false)
    expect(afterFailure(policy, { attempts: 20, startedAt: start, now: start }, () => 0.5)).toEqual({ dead: true })
  })

  it('gives a receiver that refuses the request itself (4xx but 408, 425, 429) fewer attempts', () => {
    const after = (attempts: number, statusCode: number | null) => afterFailure(policy, { attempts, startedAt: start, now: start, statusCode }, () => 0.5).dead
    expect([after(2, 400), after(3, 400), after(3, 404), after(3, 401)]).toEqual([false, true, true, true])
    expect([after(3, 429), after(3, 408), after(3, 425), after(3, 500), after(3, 503), after(3, null)]).toEqual([false, false, false, false, false, false])
  })

  it('dead-letters when the next attempt would fall outside the window', () => {
    expect(afterFailure(policy, { attempts: 10, startedAt: start, now: at(9 * 60_000) }, () => 0.5)).toEqual({ dead: false, nextAttemptAt: at(10 * 60_000) })
    expect(afterFailure(policy, { attempts: 10, startedAt: start, now: at(9 * 60_000 + 1) }, () => 0.5)).toEqual({ dead: true })
  })
})
