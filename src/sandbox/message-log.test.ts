import { describe, expect, it } from 'vitest'
import { createMessageLog } from './message-log.ts'

type Rec = { seq: number; id: string; text: string }

const makeLog = (limit = 100) => {
  let seq = 0
  const changes: number[] = []
  const log = createMessageLog<Rec>({ records: [], nextSeq: () => ++seq, limit, onChange: records => changes.push(records.length) })
  return { log, changes }
}

describe('message log', () => {
  it('assigns increasing sequence numbers, bounds its size and persists on change', () => {
    const { log, changes } = makeLog(2)
    log.append({ id: 'a', text: '1' })
    log.append({ id: 'b', text: '2' })
    const c = log.append({ id: 'c', text: '3' })
    expect(c.seq).toBe(3)
    expect(log.list().map(r => r.id)).toEqual(['b', 'c'])
    expect(log.findById('a')).toBeUndefined()
    expect(changes).toEqual([1, 2, 2])
  })

  it('waitFor resolves with an existing match, a future match, or an in-place update', async () => {
    const { log } = makeLog()
    const first = log.append({ id: 'a', text: 'x' })
    await expect(log.waitFor(r => r.id === 'a', 10)).resolves.toBe(first)
    const future = log.waitFor(r => r.seq > first.seq, 1_000)
    const second = log.append({ id: 'b', text: 'y' })
    await expect(future).resolves.toBe(second)
    const updated = log.waitFor(r => r.text === 'changed', 1_000)
    second.text = 'changed'
    log.touch(second)
    await expect(updated).resolves.toBe(second)
  })

  it('waitFor rejects on timeout and on close', async () => {
    const { log } = makeLog()
    await expect(log.waitFor(() => false, 5)).rejects.toThrow(/within 5 ms/)
    const pending = log.waitFor(() => false, 10_000)
    log.close()
    await expect(pending).rejects.toThrow(/closed/)
  })
})
