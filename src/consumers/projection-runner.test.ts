import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../tests/support/databases.ts'
import { eventually } from '../../tests/support/eventually.ts'
import { PostgresEventStore } from '../infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../infra/logger.ts'
import { readCheckpoint } from './checkpoints/read-checkpoint.ts'
import { EventParking } from './parking/event-parking.ts'
import type { Projection } from './projection.ts'
import { ProjectionRunner } from './projection-runner.ts'

interface CountTables {
  test_counts: { stream_id: string; count: number }
}

/** A read model that counts the events of each stream: double or missed applies show at once. */
function countingProjection(name: string, failNext = { times: 0 }): Projection<CountTables> {
  return {
    name,
    eventTypes: ['counted'],
    async apply(db, events) {
      if (failNext.times > 0) {
        failNext.times--
        throw new Error('read model unavailable')
      }
      for (const e of events) {
        await db
          .insertInto('test_counts')
          .values({ stream_id: e.streamId, count: 1 })
          .onConflict((c) => c.column('stream_id').doUpdateSet({ count: sql`test_counts.count + 1` }))
          .execute()
      }
    },
    async reset(db) {
      await db.deleteFrom('test_counts').execute()
    },
  }
}

const countOf = async (db: Kysely<CountTables>, streamId: string) =>
  (await db.selectFrom('test_counts').select('count').where('stream_id', '=', streamId).executeTakeFirst())?.count ?? 0

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`projection runner on ${kind}`, () => {
    let test: TestDatabase
    let store: PostgresEventStore
    beforeAll(async () => {
      test = await openTestDatabase(kind)
      await sql`CREATE TABLE test_counts (stream_id text PRIMARY KEY, count int NOT NULL)`.execute(test.db)
      store = new PostgresEventStore(test.db)
    })
    afterAll(() => test?.close())

    it('applies each event once, checkpoints with the batch, and resumes after a restart', async () => {
      const streamId = `s-${randomUUID()}`
      const name = `p-${randomUUID()}`
      const runner = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [countingProjection(name)] })
      await runner.start()
      const first = await store.append(streamId, [{ type: 'counted', data: 1 }, { type: 'ignored', data: 2 }, { type: 'counted', data: 3 }])
      expect(await runner.waitFor(name, first.position, 10_000)).toBe(true)
      expect(await countOf(test.db, streamId)).toBe(2)
      await runner.stop()
      expect(await readCheckpoint(test.db, name)).toBe(first.position)

      const whileStopped = await store.append(streamId, [{ type: 'counted', data: 4 }])
      const restarted = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [countingProjection(name)] })
      await restarted.start()
      expect(await restarted.waitFor(name, whileStopped.position, 10_000)).toBe(true)
      expect(await countOf(test.db, streamId)).toBe(3)
      await restarted.stop()
    })

    it('lands every batch once when two instances run the same projection', async () => {
      const name = `p-${randomUUID()}`
      const streams = Array.from({ length: 5 }, () => `s-${randomUUID()}`)
      const a = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [countingProjection(name)], batchSize: 3 })
      const b = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [countingProjection(name)], batchSize: 2 })
      await Promise.all([a.start(), b.start()])
      let last = 0n
      for (let round = 0; round < 4; round++)
        for (const s of streams) last = (await store.append(s, [{ type: 'counted', data: round }])).position
      expect(await a.waitFor(name, last, 10_000)).toBe(true)
      expect(await b.waitFor(name, last, 10_000)).toBe(true)
      for (const s of streams) expect(await countOf(test.db, s)).toBe(4)
      await Promise.all([a.stop(), b.stop()])
    })

    it('retries a failing batch without skipping it', async () => {
      const name = `p-${randomUUID()}`
      const streamId = `s-${randomUUID()}`
      const failures = { times: 2 }
      const runner = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [countingProjection(name, failures)] })
      await runner.start()
      const { position } = await store.append(streamId, [{ type: 'counted', data: 1 }])
      expect(await runner.waitFor(name, position, 10_000)).toBe(true)
      expect(failures.times).toBe(0)
      expect(await countOf(test.db, streamId)).toBe(1)
      await runner.stop()
    })

    it('applies each event once when a transient error interrupts the event-by-event pass after a poison event', async () => {
      const name = `p-${randomUUID()}`
      const streams = ['a', 'poison', 'b', 'flaky', 'c'].map((tag) => ({ tag, streamId: `s-${tag}-${randomUUID()}` }))
      const mine = new Set(streams.map((s) => s.streamId))
      const flaky = { times: 1 }
      const counting = countingProjection(name)
      const projection: Projection<CountTables> = {
        ...counting,
        async apply(db, all) {
          const events = all.filter((e) => mine.has(e.streamId)) // the log holds the other tests' events too
          if (events.some((e) => e.data === 'poison')) throw new Error('cannot apply this one (a test)')
          // In the one-by-one pass, once: the database went away after the poison event was parked.
          if (events.length === 1 && events[0]!.data === 'flaky' && flaky.times-- > 0) throw Object.assign(new Error('connection lost'), { code: '08006' })
          await counting.apply(db, events)
        },
      }
      const parking = new EventParking({ db: test.db, store, logger: silentLogger })
      const runner = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [projection], parking })
      // All five in one batch, appended before the start so that the first read sees them together.
      let last = 0n
      for (const { tag, streamId } of streams) last = (await store.append(streamId, [{ type: 'counted', data: tag }])).position
      await runner.start()
      try {
        expect(await runner.waitFor(name, last, 20_000)).toBe(true)
        expect(flaky.times).toBe(0)
        const counts = Object.fromEntries(await Promise.all(streams.map(async ({ tag, streamId }) => [tag, await countOf(test.db, streamId)])))
        expect(counts).toEqual({ a: 1, poison: 0, b: 1, flaky: 1, c: 1 })
        const parked = await test.db.selectFrom('parked_events').select(['stream_id', 'attempts']).where('consumer', '=', name).execute()
        expect(parked).toEqual([{ stream_id: streams[1]!.streamId, attempts: 1 }])
      } finally {
        await runner.stop()
      }
    })

    it('pauses a projection that parks event after event (an outage taken for bad events) instead of parking the whole log', async () => {
      const name = `p-${randomUUID()}`
      const streams = Array.from({ length: 6 }, () => `s-${randomUUID()}`)
      const mine = new Set(streams)
      const projection: Projection<CountTables> = {
        ...countingProjection(name),
        async apply(_db, events) {
          if (events.some((e) => mine.has(e.streamId))) throw new Error('relation "test_counts" is gone (a test)')
        },
      }
      // Three parkings within the window open the circuit; its pause outlasts the test, which stops the runner.
      const parking = new EventParking({ db: test.db, store, logger: silentLogger, circuit: { threshold: 3, windowMs: 60_000, pause: { baseMs: 600_000, maxMs: 600_000 } } })
      const runner = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [projection], parking })
      for (const streamId of streams) await store.append(streamId, [{ type: 'counted', data: 1 }])
      const parkedCount = async () => (await test.db.selectFrom('parked_events').select('id').where('consumer', '=', name).execute()).length
      await runner.start()
      try {
        await eventually(async () => expect(await parkedCount()).toBe(3))
      } finally {
        await runner.stop()
      }
      expect(await parkedCount()).toBe(3)
      expect(await readCheckpoint(test.db, name)).toBeLessThan((await store.readStream(streams.at(-1)!))[0]!.position)
    })

    it('rebuilds a read model from position 0 to the same result', async () => {
      const name = `p-${randomUUID()}`
      const streamId = `s-${randomUUID()}`
      const runner = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [countingProjection(name)] })
      await runner.start()
      const { position } = await store.append(streamId, [{ type: 'counted', data: 1 }, { type: 'counted', data: 2 }])
      await runner.waitFor(name, position, 10_000)
      const before = await countOf(test.db, streamId)
      await runner.rebuild(name)
      expect(await runner.waitFor(name, position, 10_000)).toBe(true)
      expect(await countOf(test.db, streamId)).toBe(before)
      await runner.stop()
    })

    it('tells a caller that waited too long', async () => {
      const name = `p-${randomUUID()}`
      const runner = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [countingProjection(name)] })
      await runner.start()
      const head = await store.headPosition()
      expect(await runner.waitFor(name, head + (1n << 40n), 200)).toBe(false)
      await runner.stop()
    })
  })
}
