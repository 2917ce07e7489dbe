import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase } from '../../../../tests/support/databases.ts'
import { eventStoreContract } from '../event-store.contract.ts'
import { appendEvents } from './append-events.ts'
import { PostgresEventStore } from './postgres-event-store.ts'
import type { EventStoreTables } from './tables.ts'

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(kind, () => {
    eventStoreContract(`postgres adapter on ${kind}`, async () => {
      const test = await openTestDatabase<EventStoreTables>(kind)
      return { store: new PostgresEventStore(test.db), close: () => test.close() }
    })
  })
}

describe.skipIf(!databaseTargets[1]!.available)('gap safety on a Postgres server', () => {
  it('never shows an event committed later while a lower position is still in flight', async () => {
    const test = await openTestDatabase<EventStoreTables>('postgres')
    const store = new PostgresEventStore(test.db)
    try {
      const before = await store.append(`s-${randomUUID()}`, [{ type: 't', data: 0 }])
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      let inFlight!: () => void
      const started = new Promise<void>((resolve) => (inFlight = resolve))
      // Transaction A takes its (lower) position first, then stays open.
      const slow = test.db.transaction().execute(async (trx) => {
        await appendEvents(trx, `slow-${randomUUID()}`, [{ id: randomUUID(), type: 't', data: 'A' }], 'any')
        inFlight()
        await held
      })
      await started
      // Transaction B commits after A took its position, but before A commits.
      await store.append(`fast-${randomUUID()}`, [{ type: 't', data: 'B' }])
      const whileOpen = await store.readAll({ after: before.position })
      expect(whileOpen.map((e) => e.data)).toEqual([])
      release()
      await slow
      const afterCommit = await store.readAll({ after: before.position })
      expect(afterCommit.map((e) => e.data)).toEqual(['A', 'B'])
    } finally {
      await test.close()
    }
  })
})
