import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
} from '../../domain/ports/event-store.ts'

export interface EventStoreFixture {
  readonly store: EventStore
  close(): Promise<void>
}

/** What a store cannot promise, so the suite names it instead of pretending. */
export interface EventStoreCapabilities {
  /** Postgres keeps one event id in one stream; KurrentDB deduplicates ids per stream only. */
  readonly eventIdsUniqueAcrossStreams: boolean
}

const event = (n: number, extra: Partial<NewEvent> = {}): NewEvent => ({ type: 'test.happened', data: { n }, ...extra })
const stream = () => `test-${randomUUID()}`

/** What every EventStore adapter must do. Run it once per adapter and database. */
export function eventStoreContract(
  name: string,
  open: () => Promise<EventStoreFixture>,
  capabilities: EventStoreCapabilities = { eventIdsUniqueAcrossStreams: true },
): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: EventStoreFixture
    let store: EventStore
    beforeAll(async () => {
      fixture = await open()
      store = fixture.store
    })
    afterAll(() => fixture?.close())

    it('appends to a new stream and reads it back in order with the envelope', async () => {
      const id = stream()
      const metadata = { actor: { kind: 'user' as const, id: 'u1' }, correlationId: 'c1', schemaVersion: 1 }
      const result = await store.append(id, [event(1, { metadata }), event(2), event(3)], 'no_stream')
      expect(result.nextRevision).toBe(2)
      const events = await store.readStream(id)
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2])
      expect(events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3])
      expect(events[0]).toMatchObject({ type: 'test.happened', streamId: id, metadata })
      expect(events[0]!.occurredAt).toBeInstanceOf(Date)
      expect(events[2]!.position).toBe(result.position)
      expect(events[0]!.position < events[1]!.position && events[1]!.position < events[2]!.position).toBe(true)
    })

    it('keeps JSON data exactly, including nested objects, unicode and nulls', async () => {
      const id = stream()
      const data = { text: 'héllo 👋 "quoted" \\ back', nested: { list: [1, null, { a: true }] }, none: null }
      await store.append(id, [{ type: 'test.json', data }])
      expect((await store.readStream(id))[0]!.data).toEqual(data)
    })

    it('checks no_stream: a second no_stream append fails with the actual revision', async () => {
      const id = stream()
      await store.append(id, [event(1), event(2)], 'no_stream')
      const error = await store.append(id, [event(3)], 'no_stream').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(WrongExpectedRevisionError)
      expect(error).toMatchObject({ streamId: id, expected: 'no_stream', actual: 1 })
      expect(await store.readStream(id)).toHaveLength(2)
    })

    it('checks exists: fails on a missing stream with actual -1, passes on an existing one', async () => {
      const id = stream()
      await expect(store.append(id, [event(1)], 'exists')).rejects.toMatchObject({ actual: -1 })
      await store.append(id, [event(1)])
      await expect(store.append(id, [event(2)], 'exists')).resolves.toMatchObject({ nextRevision: 1 })
    })

    it('checks an exact revision and reports the actual one on a mismatch', async () => {
      const id = stream()
      await store.append(id, [event(1), event(2)])
      await expect(store.append(id, [event(3)], 1)).resolves.toMatchObject({ nextRevision: 2 })
      const error = await store.append(id, [event(4)], 1).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(WrongExpectedRevisionError)
      expect(error).toMatchObject({ expected: 1, actual: 2 })
      await expect(store.append(stream(), [event(1)], 0)).rejects.toMatchObject({ actual: -1 })
    })

    it('treats an expected revision of -1 as no_stream', async () => {
      const id = stream()
      await expect(store.append(id, [event(1)], -1)).resolves.toMatchObject({ nextRevision: 0 })
      await expect(store.append(id, [event(2)], -1)).rejects.toBeInstanceOf(WrongExpectedRevisionError)
    })

    it('is idempotent by event id: a retried append is a no-op returning the first result', async () => {
      const id = stream()
      const batch = [event(1, { id: randomUUID() }), event(2, { id: randomUUID() })]
      const first = await store.append(id, batch, 'no_stream')
      const again = await store.append(id, batch, 'no_stream')
      const againAny = await store.append(id, batch, 'any')
      expect(again).toEqual(first)
      expect(againAny).toEqual(first)
      expect(await store.readStream(id)).toHaveLength(2)
    })

    it.skipIf(!capabilities.eventIdsUniqueAcrossStreams)('refuses an event id already used in another stream, writing nothing', async () => {
      const eventId = randomUUID()
      await store.append(stream(), [event(1, { id: eventId })])
      const other = stream()
      await expect(store.append(other, [event(2), event(3, { id: eventId })])).rejects.toBeInstanceOf(DuplicateEventIdError)
      expect(await store.readStream(other)).toEqual([])
      await expect(store.append(other, [event(4)], 'no_stream')).resolves.toMatchObject({ nextRevision: 0 })
    })

    it('reads a stream from a revision, with a maximum count', async () => {
      const id = stream()
      await store.append(id, [1, 2, 3, 4, 5].map((n) => event(n)))
      const part = await store.readStream(id, { fromRevision: 2, maxCount: 2 })
      expect(part.map((e) => e.revision)).toEqual([2, 3])
      expect(await store.readStream(stream())).toEqual([])
    })

    it('reads all events in global order after a position, in pages', async () => {
      const head = await store.append(stream(), [event(0)])
      const a = stream()
      const b = stream()
      await store.append(a, [event(1), event(2)])
      await store.append(b, [event(3)])
      await store.append(a, [event(4)])
      const page1 = await store.readAll({ after: head.position, limit: 3 })
      const page2 = await store.readAll({ after: page1.at(-1)!.position, limit: 3 })
      const all = [...page1, ...page2].filter((e) => e.streamId === a || e.streamId === b)
      expect(all.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4])
      const positions = [...page1, ...page2].map((e) => e.position)
      expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions)
      expect(new Set(positions).size).toBe(positions.length)
    })

    it('orders concurrent appends to one stream densely (any), and lets one of racing writers win (revision)', async () => {
      const id = stream()
      await Promise.all(Array.from({ length: 20 }, (_, n) => store.append(id, [event(n)], 'any')))
      const events = await store.readStream(id)
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, n) => n))

      const racers = await Promise.allSettled(Array.from({ length: 5 }, (_, n) => store.append(id, [event(100 + n)], 19)))
      expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      for (const r of racers) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError)
      expect(await store.readStream(id)).toHaveLength(21)
    })

    it('tells the head position: the last event a reader can see', async () => {
      const result = await store.append(stream(), [event(1), event(2)])
      expect(await store.headPosition()).toBe(result.position)
    })

    it('keeps every stream in revision order in the global log, even with racing writers', async () => {
      const id = stream()
      const head = await store.headPosition()
      await Promise.all(
        Array.from({ length: 8 }, async (_, writer) => {
          for (let i = 0; i < 10; i++) await store.append(id, [event(writer * 100 + i), event(writer * 100 + i)], 'any')
        }),
      )
      const seen = []
      for (let after = head; ; ) {
        const page = await store.readAll({ after, limit: 500 })
        if (page.length === 0) break
        seen.push(...page.filter((e) => e.streamId === id))
        after = page.at(-1)!.position
      }
      expect(seen.map((e) => e.revision)).toEqual(Array.from({ length: 160 }, (_, n) => n))
    })

    it('finds the position at a time: readAll after it starts with the first event recorded at or after that time', async () => {
      const a = stream()
      const b = stream()
      await store.append(a, [event(1), event(2)])
      await store.append(b, [event(3), event(4)])
      const [a2] = (await store.readStream(a)).slice(-1)
      const [b1, b2] = await store.readStream(b)
      const since = b1!.occurredAt
      const at = await store.positionAt(since)
      expect(at < b1!.position).toBe(true)
      // Clocks tick coarser than appends: whatever shares b1's millisecond may come first, nothing older.
      if (a2!.occurredAt < since) expect(at >= a2!.position).toBe(true)
      const [first] = await store.readAll({ after: at, limit: 1 })
      expect(first!.occurredAt.getTime()).toBeGreaterThanOrEqual(since.getTime())
      expect(first!.position <= b1!.position).toBe(true)
      const fromStart = await store.readAll({ after: at, limit: 5000 })
      expect(fromStart.map((e) => e.id)).toEqual(expect.arrayContaining([b1!.id, b2!.id]))
    })

    it('aligns a position from outside: readAll after the aligned bound yields exactly the events above it', async () => {
      const s = stream()
      await store.append(s, [event(1), event(2), event(3)])
      const [e1, e2, e3] = await store.readStream(s)
      for (const after of [e1!.position, e2!.position - 1n, e2!.position, e3!.position - 1n, (e1!.position + e2!.position) / 2n]) {
        const aligned = await store.alignAfter(after)
        expect(aligned <= after).toBe(true)
        const page = (await store.readAll({ after: aligned, limit: 5000 })).filter((e) => e.streamId === s)
        expect(page.map((e) => e.revision), String(after)).toEqual([e1!, e2!, e3!].filter((e) => e.position > after).map((e) => e.revision))
      }
      expect(await store.alignAfter(0n)).toBe(0n)
    })

    it('answers the head for a time after every event, and the beginning for a time before all', async () => {
      await store.append(stream(), [event(1)])
      expect(await store.positionAt(new Date(Date.now() + 24 * 60 * 60_000))).toBe(await store.headPosition())
      const [oldest] = await store.readAll({ after: 0n, limit: 1 })
      const [fromEpoch] = await store.readAll({ after: await store.positionAt(new Date(0)), limit: 1 })
      expect(fromEpoch!.id).toBe(oldest!.id)
    })

    it('wakes waiters on append', async () => {
      const woken = store.waitForAppend(30_000).then(() => 'woken')
      await store.append(stream(), [event(1)])
      await expect(woken).resolves.toBe('woken')
    })

    it('refuses an empty append', async () => {
      await expect(store.append(stream(), [])).rejects.toThrow(/at least one event/)
    })
  })
}
