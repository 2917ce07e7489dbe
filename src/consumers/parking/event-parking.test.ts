import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../../infra/logger.ts'
import { EventParking } from './event-parking.ts'
import { PoisonGuard, reactorEvent } from './poison-guard.ts'

for (const target of databaseTargets) {
  describe.skipIf(!target.available)(`event parking: retries and reactors' skips (${target.kind})`, () => {
    let database: TestDatabase
    let store: PostgresEventStore
    beforeAll(async () => {
      database = await openTestDatabase(target.kind)
      await sql`CREATE TABLE test_applied (event_id text NOT NULL)`.execute(database.db)
      store = new PostgresEventStore(database.db)
    })
    afterAll(() => database?.close())

    const parkingFor = () => new EventParking({ db: database.db, store, logger: silentLogger })
    const applied = async (eventId: string) => (await database.db.selectFrom('test_applied').select('event_id').where('event_id', '=', eventId).execute()).length

    it('two retries at once re-apply the event once; a failed re-apply leaves it parked and writes nothing', async () => {
      const parking = parkingFor()
      const consumer = `c-${randomUUID()}`
      let fail = true
      parking.register(
        consumer,
        async (event, trx) => {
          await trx.insertInto('test_applied').values({ event_id: event.id }).execute()
          if (fail) throw new Error('still broken (a test)')
        },
        { transactional: true },
      )
      const eventId = randomUUID()
      const { position } = await store.append(`s-${eventId}`, [{ id: eventId, type: 'test.poison', data: {} }])
      const [event] = await store.readAll({ after: position - 1n, limit: 1 })
      await parking.park(consumer, event!, new Error('first failure'))
      const [row] = await database.db.selectFrom('parked_events').select('id').where('consumer', '=', consumer).execute()

      // Fails again: its write rolled back with the claim, still parked, one more attempt.
      expect(await parking.retry(row!.id)).toMatchObject({ outcome: 'failed', attempts: 2, resolvedAt: null, error: 'still broken (a test)' })
      expect(await applied(eventId)).toBe(0)

      fail = false
      const outcomes = await Promise.allSettled([parking.retry(row!.id), parking.retry(row!.id)])
      expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<{ outcome: string }>).value.outcome)).toEqual(['resolved'])
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => ((o as PromiseRejectedResult).reason as { code: string }).code)).toEqual(['CONFLICT'])
      expect(await applied(eventId)).toBe(1)
      // A resolved one is not applied again.
      await expect(parking.retry(row!.id)).rejects.toMatchObject({ code: 'CONFLICT' })
      expect(await applied(eventId)).toBe(1)
    })

    it('a reactor skips what is parked on every node and after a restart; a retry runs the step and resolves only when it works', async () => {
      const consumer = `reactor-${randomUUID()}`
      const key = randomUUID()
      const event = () => reactorEvent(randomUUID(), 'test.item', `item-${key}`, key)
      const first = new PoisonGuard({ consumer, parking: parkingFor(), logger: silentLogger, retry: async () => {} })
      expect(await first.run(key, event, async () => Promise.reject(new Error('bad item (a test)')))).toBe('parked')
      expect(await first.skipped()).toContain(key)

      // Another node, or this one restarted: the skip comes from parked_events, not from memory.
      const parking = parkingFor()
      const steps: string[] = []
      let works = false
      const restarted = new PoisonGuard({
        consumer,
        parking,
        logger: silentLogger,
        retry: async (k) => {
          steps.push(k)
          if (!works) throw new Error('still bad (a test)')
        },
      })
      expect(await restarted.skipped()).toContain(key)
      const [row] = await database.db.selectFrom('parked_events').select('id').where('consumer', '=', consumer).execute()

      // A retry runs the step: failing, it stays parked (and skipped).
      expect(await parking.retry(row!.id)).toMatchObject({ outcome: 'failed', attempts: 2, resolvedAt: null })
      expect(await restarted.skipped()).toContain(key)
      works = true
      expect(await parking.retry(row!.id)).toMatchObject({ outcome: 'resolved' })
      expect(steps).toEqual([key, key])
      expect(await restarted.skipped()).not.toContain(key)
      expect(await first.skipped()).not.toContain(key)
    })
  })
}
