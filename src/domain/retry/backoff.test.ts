import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff.ts'

describe('backoffDelay', () => {
  const policy = { baseMs: 1000, maxMs: 8000 }
  it('doubles per attempt up to the maximum, with half of it random', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(500)
    expect(backoffDelay(1, policy, () => 1)).toBe(1000)
    expect(backoffDelay(3, policy, () => 0)).toBe(2000)
    expect(backoffDelay(3, policy, () => 1)).toBe(4000)
    expect(backoffDelay(10, policy, () => 1)).toBe(8000)
    expect(backoffDelay(10, policy, () => 0)).toBe(4000)
  })
  it('spreads a fleet: different random draws give different delays', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)))
    expect(delays.size).toBeGreaterThan(10)
  })
})
