import { describe, expect, it } from 'vitest'
import { RecordingBarrier } from './recording-barrier.ts'

function barrier() {
  const now = { t: 0 }
  const ran: number[] = []
  const b = new RecordingBarrier({ unclaimedAfterMs: 1000, now: () => now.t })
  return { b, ran, now, work: (n: number) => () => void ran.push(n) }
}

describe('RecordingBarrier', () => {
  it('runs work at once while no message waits to be recorded', () => {
    const { b, ran, work } = barrier()
    b.hold(work(1))
    expect(ran).toEqual([1])
    expect(b.clear).toBe(true)
  })

  it('holds work done after a message arrived until that message is recorded', () => {
    const { b, ran, work } = barrier()
    b.arrived('m1')
    expect(b.clear).toBe(false)
    b.hold(work(1))
    expect(ran).toEqual([])
    b.claimed(['m1'])
    b.recorded(['m1'])
    expect(ran).toEqual([1])
    expect(b.waiting).toEqual({ messages: 0, held: 0 })
  })

  it('keeps order, and lets each piece of work go once the messages that came before it are recorded', () => {
    const { b, ran, work } = barrier()
    b.arrived('m1')
    b.hold(work(1))
    b.arrived('m2')
    b.hold(work(2))
    b.arrived('m3')
    b.hold(work(3))
    b.recorded(['m2'])
    expect(ran).toEqual([])
    b.recorded(['m1'])
    expect(ran).toEqual([1, 2])
    // Work held after m3 arrived, and anything after it, waits for m3.
    b.hold(work(4))
    expect(ran).toEqual([1, 2])
    b.recorded(['m3'])
    expect(ran).toEqual([1, 2, 3, 4])
  })

  it('lets go of a message Baileys never handed over, but waits however long for one being recorded', () => {
    const { b, ran, now, work } = barrier()
    b.arrived('refused')
    b.arrived('being-recorded')
    b.claimed(['being-recorded'])
    b.hold(work(1))
    now.t = 999
    b.sweep()
    expect(b.waiting).toEqual({ messages: 2, held: 1 })
    now.t = 1000
    b.sweep()
    expect(b.waiting).toEqual({ messages: 1, held: 1 })
    now.t = 60_000
    b.sweep()
    expect(ran).toEqual([])
    b.recorded(['being-recorded'])
    expect(ran).toEqual([1])
  })

  it('ignores a message seen twice and ids it never saw', () => {
    const { b, ran, work } = barrier()
    b.arrived('m1')
    b.arrived('m1')
    b.hold(work(1))
    b.recorded(['unknown'])
    expect(ran).toEqual([])
    b.recorded(['m1'])
    expect(ran).toEqual([1])
  })

  it('drops held work when the connection closes, as a crash would', () => {
    const { b, ran, work } = barrier()
    b.arrived('m1')
    b.hold(work(1))
    b.close()
    b.recorded(['m1'])
    expect(ran).toEqual([])
    expect(b.clear).toBe(true)
  })
})
