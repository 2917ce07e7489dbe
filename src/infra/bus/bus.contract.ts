import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NoResponderError, type Bus } from '../../domain/ports/bus.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'

export interface BusFixture {
  /** Two nodes on the same bus (the same object for the in-process adapter). */
  readonly nodeA: Bus
  readonly nodeB: Bus
  close(): Promise<void>
}

const storedEvent = (streamId: string, n: number): StoredEvent => ({
  id: randomUUID(),
  type: 'test.happened',
  streamId,
  revision: n,
  position: BigInt(1_000_000 + n) << 20n,
  occurredAt: new Date('2026-01-10T10:30:00.000Z'),
  data: { n, text: 'héllo' },
  metadata: { actor: { kind: 'system', id: 'test' } },
})

function collect(bus: Bus, streamId: string, count: number): Promise<StoredEvent[]> {
  const seen: StoredEvent[] = []
  return new Promise((resolve) => {
    const stop = bus.onEvents((events) => {
      for (const e of events) if (e.streamId === streamId) seen.push(e)
      if (seen.length >= count) {
        stop()
        resolve(seen)
      }
    })
  })
}

/** What every Bus adapter must do. */
export function busContract(name: string, open: () => Promise<BusFixture>): void {
  describe(`Bus contract: ${name}`, () => {
    let fixture: BusFixture
    beforeAll(async () => {
      fixture = await open()
    })
    afterAll(() => fixture?.close())

    it('delivers published events to every node, in publish order, intact', async () => {
      const streamId = `session-${randomUUID()}`
      const events = [0, 1, 2, 3, 4].map((n) => storedEvent(streamId, n))
      const onA = collect(fixture.nodeA, streamId, 5)
      const onB = collect(fixture.nodeB, streamId, 5)
      await fixture.nodeA.publishEvents(events.slice(0, 2))
      await fixture.nodeA.publishEvents(events.slice(2))
      for (const received of await Promise.all([onA, onB])) {
        expect(received.map((e) => e.id)).toEqual(events.map((e) => e.id))
        expect(received[0]).toEqual(events[0])
      }
    })

    it('routes a command to the node serving its address and returns the reply', async () => {
      const address = `session.${randomUUID()}`
      const stop = await fixture.nodeB.serve(address, async (command) => ({ echoed: command }))
      try {
        await expect(fixture.nodeA.request(address, { type: 'ping', n: 1 })).resolves.toEqual({ echoed: { type: 'ping', n: 1 } })
      } finally {
        await stop()
      }
    })

    it('carries a handler error back with its name, message and code', async () => {
      const address = `session.${randomUUID()}`
      const stop = await fixture.nodeB.serve(address, async () => {
        throw Object.assign(new Error('session is not connected'), { name: 'SessionNotConnectedError', code: 'SESSION_NOT_CONNECTED' })
      })
      try {
        await expect(fixture.nodeA.request(address, { type: 'send' })).rejects.toMatchObject({
          name: 'SessionNotConnectedError',
          message: 'session is not connected',
          code: 'SESSION_NOT_CONNECTED',
        })
      } finally {
        await stop()
      }
    })

    it('rejects with NoResponderError when nobody serves the address, also after the server stopped', async () => {
      const address = `session.${randomUUID()}`
      await expect(fixture.nodeA.request(address, { type: 'x' }, { timeoutMs: 2000 })).rejects.toBeInstanceOf(NoResponderError)
      const stop = await fixture.nodeB.serve(address, async () => 'ok')
      await expect(fixture.nodeA.request(address, { type: 'x' })).resolves.toBe('ok')
      await stop()
      await expect(fixture.nodeA.request(address, { type: 'x' }, { timeoutMs: 2000 })).rejects.toBeInstanceOf(NoResponderError)
    })

    it('answers ping while reachable', async () => {
      await expect(fixture.nodeA.ping()).resolves.toBeUndefined()
    })
  })
}
