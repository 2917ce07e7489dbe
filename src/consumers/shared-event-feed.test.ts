import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../tests/support/databases.ts'
import { eventually } from '../../tests/support/eventually.ts'
import type { EventStore, ReadAllOptions } from '../domain/ports/event-store.ts'
import { PostgresEventStore } from '../infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../infra/logger.ts'
import { storeCheckpoint } from './checkpoints/store-checkpoint.ts'
import type { CheckpointTables } from './checkpoints/tables.ts'
import type { Projection } from './projection.ts'
import { ProjectionRunner } from './projection-runner.ts'
import { observeAppends } from './observe-appends.ts'
import { SharedEventFeed } from './shared-event-feed.ts'

interface SeenTables extends CheckpointTables {
  feed_seen: { consumer: string; event_id: string }
}

/** Records every event it applies: a missed or repeated one shows as a missing or duplicate row. */
function recordingProjection(name: string): Projection<SeenTables> {
  return {
    name,
    async apply(db, events) {
      await db.insertInto('feed_seen').values(events.map((e) => ({ consumer: name, event_id: e.id }))).execute()
    },
    async reset(db) {
      await db.deleteFrom('feed_seen').where('consumer', '=', name).execute()
    },
  }
}

/** The store, counting the reads that reach it. */
function countingReads(store: EventStore): { store: EventStore; reads: () => number } {
  let reads = 0
  const counted: EventStore = {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (options?: ReadAllOptions) => {
      reads++
      return store.readAll(options)
    },
    headPosition: () => store.headPosition(),
    positionAt: (time) => store.positionAt(time),
    alignAfter: (after) => store.alignAfter(after),
    waitForAppend: (timeoutMs, signal) => store.waitForAppend(timeoutMs, signal),
    notifyAppended: () => store.notifyAppended(),
    close: () => store.close(),
  }
  return { store: counted, reads: () => reads }
}

const seenBy = async (db: Kysely<SeenTables>, consumer: string) =>
  (await db.selectFrom('feed_seen').select('event_id').where('consumer', '=', consumer).execute()).map((r) => r.event_id)

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`shared event feed on ${kind}`, () => {
    let test: TestDatabase
    let base: PostgresEventStore
    beforeAll(async () => {
      test = await openTestDatabase(kind)
      await sql`CREATE TABLE feed_seen (consumer text NOT NULL, event_id text NOT NULL, PRIMARY KEY (consumer, event_id))`.execute(test.db)
      base = new PostgresEventStore(test.db)
    })
    afterAll(() => test?.close())

    it('reads each appended batch from the store once for all consumers, and each sees every event once', async () => {
      const counting = countingReads(base)
      const { reads } = counting
      let feed!: SharedEventFeed
      const store = observeAppends(counting.store, (position) => feed.appended(position))
      // No idle look: every wake-up comes from an append's position.
      feed = new SharedEventFeed({ store, logger: silentLogger, idleMs: 60_000 })
      await feed.start()
      const names = Array.from({ length: 8 }, () => `c-${randomUUID()}`)
      const runner = new ProjectionRunner({ db: test.db, store, feed, logger: silentLogger, projections: names.map((n) => recordingProjection(n)) })
      // Start every consumer at the head, as a running gateway's are.
      const head = await store.headPosition()
      for (const name of names) await storeCheckpoint(test.db, name, head)
      await runner.start()
      try {
        const before = reads()
        const ids: string[] = []
        const batches = 20
        for (let i = 0; i < batches; i++) {
          const events = [{ id: randomUUID(), type: 'fed', data: i }, { id: randomUUID(), type: 'fed', data: -i }]
          ids.push(...events.map((e) => e.id!))
          const { position } = await store.append(`feed-${randomUUID()}`, events)
          // Each batch lands before the next is appended: the worst case for sharing reads.
          await eventually(() => expect(names.every((n) => runner.position(n) >= position)).toBe(true))
        }
        for (const name of names) expect((await seenBy(test.db, name)).sort()).toEqual([...ids].sort())
        // One read finds each batch; on Postgres a few more while a batch commits behind a running transaction.
        const perBatch = (reads() - before) / batches
        expect(perBatch).toBeGreaterThanOrEqual(1)
        expect(perBatch).toBeLessThan(names.length)
      } finally {
        await runner.stop()
        await feed.stop()
      }
    })

    it('lets a consumer that fell out of the window read the store itself without holding the others back', async () => {
      const { store, reads } = countingReads(base)
      const feed = new SharedEventFeed({ store, logger: silentLogger, capacity: 4, batchSize: 2 })
      await feed.start()
      const slow = `slow-${randomUUID()}`
      const fast = `fast-${randomUUID()}`
      const head = await store.headPosition()
      for (const name of [slow, fast]) await storeCheckpoint(test.db, name, head)
      const runner = (name: string) => new ProjectionRunner({ db: test.db, store, feed, logger: silentLogger, batchSize: 2, projections: [recordingProjection(name)] })
      const fastRunner = runner(fast)
      // The slow one is not even running while the events arrive (a rebuild, a stuck consumer, a restart).
      const slowRunner = runner(slow)
      await fastRunner.start()
      try {
        const ids: string[] = []
        let last = 0n
        for (let i = 0; i < 12; i++) {
          const id = randomUUID()
          ids.push(id)
          last = (await store.append(`feed-${randomUUID()}`, [{ id, type: 'fed', data: i }])).position
        }
        await eventually(() => expect(fastRunner.position(fast)).toBe(last))
        const beforeSlow = reads()
        await slowRunner.start()
        // Twelve events do not fit a window of four: it reads the first ones from the store, the rest from the window.
        await eventually(() => expect(slowRunner.position(slow)).toBe(last))
        expect(reads() - beforeSlow).toBeGreaterThan(0)
        for (const name of [slow, fast]) expect((await seenBy(test.db, name)).sort()).toEqual([...ids].sort())
      } finally {
        await slowRunner.stop()
        await fastRunner.stop()
        await feed.stop()
      }
    })

    it('answers a slice of the window as the store would answer the same read', async () => {
      const feed = new SharedEventFeed({ store: base, logger: silentLogger, capacity: 100 })
      await feed.start()
      try {
        const head = await base.headPosition()
        let last = 0n
        for (let i = 0; i < 10; i++) last = (await base.append(`feed-${randomUUID()}`, [{ type: 'fed', data: i }, { type: 'fed', data: i }])).position
        await eventually(async () => expect((await feed.readAll({ after: last - 1n, limit: 5 })).at(-1)?.position).toBe(last))
        for (const after of [head, head + 1n, last - 3n]) {
          const fromFeed = await feed.readAll({ after, limit: 7 })
          const fromStore = await base.readAll({ after, limit: 7 })
          expect(fromFeed.map((e) => e.id)).toEqual(fromStore.map((e) => e.id))
        }
        expect(await feed.readAll({ after: last, limit: 7 })).toEqual([])
      } finally {
        await feed.stop()
      }
    })
  })
}
