import { describe, expect, it } from 'vitest'
import { OutboundQueue } from './outbound-queue.ts'

describe('OutboundQueue', () => {
  it('sends one at a time in the order asked, even when a send fails', async () => {
    const queue = new OutboundQueue({ minIntervalMs: 0, jitterMs: 0 })
    const log: string[] = []
    let running = 0
    const send = (name: string, ms: number, fail = false) =>
      queue.run(async () => {
        running++
        expect(running).toBe(1)
        await new Promise((resolve) => setTimeout(resolve, ms))
        log.push(name)
        running--
        if (fail) throw new Error(name)
        return name
      })
    const results = await Promise.allSettled([send('a', 30), send('b', 1, true), send('c', 10)])
    expect(log).toEqual(['a', 'b', 'c'])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(queue.depth).toBe(0)
  })

  it('spaces sends by the pacing interval plus jitter', async () => {
    const queue = new OutboundQueue({ minIntervalMs: 40, jitterMs: 20 }, () => 1)
    const times: number[] = []
    await Promise.all([1, 2, 3].map(() => queue.run(async () => void times.push(Date.now()))))
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(58)
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(58)
  })
})
