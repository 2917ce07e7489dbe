import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { countParkedEvents } from './count-parked-events.ts'
import { findParkedEvent, listParkedEvents, unresolvedParkedEvents } from './list-parked-events.ts'
import { parkEvent, type ParkedEventRecord } from './park-event.ts'
import { claimParkedEvent } from './claim-parked-event.ts'
import type { ParkedEventsTables } from './tables.ts'

for (const target of databaseTargets) {
  describe.skipIf(!target.available)(`parked events SQL (${target.kind})`, () => {
    let database: TestDatabase<ParkedEventsTables>
    beforeAll(async () => {
      database = await openTestDatabase<ParkedEventsTables>(target.kind)
    })
    afterAll(() => database?.close())

    const record = (id: string, consumer: string, at: Date): ParkedEventRecord => ({
      id,
      consumer,
      position: 42n,
      eventId: `e-${id}`,
      eventType: 'message.received',
      streamId: 'messages-abc',
      sessionId: 'abc',
      payload: null,
      error: 'bad (22P05)',
      at,
    })

    it('parks once, counts later failures, resolves, and lists and counts by consumer', async () => {
      const { db } = database
      const a = '00000000-0000-8000-8000-00000000000a'
      const b = '00000000-0000-8000-8000-00000000000b'
      expect(await parkEvent(db, record(a, 'messages', new Date('2026-01-01T00:00:00Z')))).toBe(true)
      expect(await parkEvent(db, { ...record(a, 'messages', new Date('2026-01-01T00:01:00Z')), error: 'again' })).toBe(false)
      expect(await parkEvent(db, record(b, 'audit', new Date('2026-01-01T00:02:00Z')))).toBe(true)
      expect(await findParkedEvent(db, a)).toMatchObject({ attempts: 2, error: 'again', position: 42n, first_failed_at: new Date('2026-01-01T00:00:00Z'), last_failed_at: new Date('2026-01-01T00:01:00Z'), resolved_at: null })
      expect(await countParkedEvents(db)).toEqual([
        { consumer: 'audit', count: 1 },
        { consumer: 'messages', count: 1 },
      ])
      expect(await unresolvedParkedEvents(db, 'messages')).toEqual([{ event_id: `e-${a}`, payload: null }])
      // One retry claims it; a second finds it taken.
      expect(await claimParkedEvent(db, a, new Date('2026-01-01T00:03:00Z'))).toBe(true)
      expect(await claimParkedEvent(db, a, new Date('2026-01-01T00:03:01Z'))).toBe(false)
      expect(await findParkedEvent(db, a)).toMatchObject({ resolved_at: new Date('2026-01-01T00:03:00Z') })
      expect(await unresolvedParkedEvents(db, 'messages')).toEqual([])
      expect((await listParkedEvents(db, { resolved: false, limit: 10 })).map((r) => r.id)).toEqual([b])
      expect((await listParkedEvents(db, { resolved: true, limit: 10 })).map((r) => r.id)).toEqual([a])
      expect((await listParkedEvents(db, { consumer: 'messages', limit: 10 })).map((r) => r.id)).toEqual([a])
      expect(await countParkedEvents(db)).toEqual([{ consumer: 'audit', count: 1 }])
      // Failing again after a retry parks it again.
      await parkEvent(db, record(a, 'messages', new Date('2026-01-01T00:04:00Z')))
      expect(await findParkedEvent(db, a)).toMatchObject({ attempts: 3, resolved_at: null })
    })
  })
}
