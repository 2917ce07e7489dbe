import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../../tests/support/databases.ts'
import { insertDeliveries } from '../routing/insert-deliveries.ts'
import { requeueDelivery, upsertReplayed } from '../routing/requeue-deliveries.ts'
import { deliveryId, type NewDelivery } from '../routing/route-event.ts'
import type { WebhooksTables } from '../tables.ts'
import { claimLanes } from './claim-lanes.ts'
import { purgeDeliveryLog } from './purge-delivery-log.ts'
import { readLanePage } from './read-lane-page.ts'
import { recordOutcomes, type AttemptOutcome } from './record-outcomes.ts'
import { releaseLane } from './release-lane.ts'
import { renewLeases } from './renew-leases.ts'
import { repairLanes } from './repair-lanes.ts'
import { takeOverLeases } from './take-over-leases.ts'
import { wakeWebhookLanes } from './wake-webhook-lanes.ts'

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`webhook delivery SQL on ${kind}`, () => {
    let test: TestDatabase<WebhooksTables>
    let db: Kysely<WebhooksTables>
    let position = 1000n
    beforeAll(async () => {
      test = await openTestDatabase<WebhooksTables>(kind)
      db = test.db
    })
    afterAll(() => test?.close())
    beforeEach(async () => {
      for (const table of ['webhooks', 'webhook_deliveries', 'webhook_lanes', 'webhook_attempts'] as const) await db.deleteFrom(table).execute()
    })

    const webhook = async (id: string, isActive = true) =>
      db
        .insertInto('webhooks')
        .values({ id, user_id: 'u', name: id, url: 'http://x', sealed_secret: 's', session_id: null, events: '["*"]', is_active: isActive, created_at: new Date(), updated_at: new Date(), deleted_at: null })
        .execute()
    const delivery = (webhookId: string, sessionId = 's1'): NewDelivery => {
      const eventId = randomUUID()
      return { id: deliveryId(webhookId, eventId), webhookId, eventId, eventPosition: ++position, eventType: 'message.received', sessionId, body: '{}' }
    }
    const lane = (webhookId: string, sessionId = 's1') => ({ webhookId, sessionId })
    const laneRow = (webhookId: string, sessionId = 's1') =>
      db.selectFrom('webhook_lanes').selectAll().where('webhook_id', '=', webhookId).where('session_id', '=', sessionId).executeTakeFirstOrThrow()
    const outcome = (d: NewDelivery, state: AttemptOutcome['state'], nextAttemptAt: Date | null = null): AttemptOutcome => ({
      deliveryId: d.id,
      webhookId: d.webhookId,
      attempt: 1,
      roundAttempts: 1,
      roundStartedAt: new Date(),
      startedAt: new Date(),
      finishedAt: new Date(),
      latencyMs: 3,
      statusCode: state === 'delivered' ? 200 : 500,
      error: state === 'delivered' ? null : 'answered 500',
      state,
      nextAttemptAt,
    })

    it('inserts each webhook × event once and makes only an empty lane due', async () => {
      await webhook('w1')
      const first = delivery('w1')
      expect(await insertDeliveries(db, [first])).toEqual([lane('w1')])
      expect(await insertDeliveries(db, [first])).toEqual([])
      const future = new Date(Date.now() + 60_000)
      await db.updateTable('webhook_lanes').set({ due_at: future }).execute()
      await insertDeliveries(db, [delivery('w1')])
      expect((await laneRow('w1')).due_at).toEqual(future)
      expect(await readLanePage(db, lane('w1'), 0n, 10)).toHaveLength(2)
    })

    it('claims due lanes of active webhooks once, says when the next is due, and releases to the head', async () => {
      await webhook('w1')
      await webhook('off', false)
      await insertDeliveries(db, [delivery('w1'), delivery('w1', 's2'), delivery('off')])
      const claimed = await claimLanes(db, 'a/1', 10, 60_000)
      expect(claimed.lanes.map((l) => l.sessionId).sort()).toEqual(['s1', 's2'])
      expect(claimed.lanes.every((l) => l.webhookId === 'w1')).toBe(true)
      expect(claimed.nextInMs).toBeNull()
      expect((await claimLanes(db, 'b/1', 10, 60_000)).lanes).toEqual([])
      expect((await claimLanes(db, 'b/1', 10, 60_000)).nextInMs).toBeGreaterThan(50_000)

      // Released by someone else: nothing happens. By its holder: due as its head is.
      await releaseLane(db, lane('w1'), 'b/1')
      expect((await laneRow('w1')).lease_owner).toBe('a/1')
      const [head] = await readLanePage(db, lane('w1'), 0n, 1)
      const retryAt = new Date(Date.now() + 30_000)
      await recordOutcomes(db, [outcome({ ...delivery('w1'), id: head!.id }, 'pending', retryAt)], 'node-a')
      await releaseLane(db, lane('w1'), 'a/1')
      expect(await laneRow('w1')).toMatchObject({ lease_owner: null, lease_until: null, due_at: retryAt })
      const next = await claimLanes(db, 'b/1', 10, 60_000)
      expect(next.lanes).toEqual([])
      expect(next.nextInMs).toBeGreaterThan(20_000)

      await recordOutcomes(db, [outcome({ ...delivery('w1'), id: head!.id }, 'delivered')], 'node-a')
      await db.updateTable('webhook_lanes').set({ lease_owner: 'a/1' }).where('session_id', '=', 's1').execute()
      await releaseLane(db, lane('w1'), 'a/1')
      expect((await laneRow('w1')).due_at).toBeNull()
    })

    it.skipIf(kind !== 'postgres')('never gives one lane to two claimers at once', async () => {
      await webhook('w1')
      for (let s = 0; s < 20; s++) await insertDeliveries(db, [delivery('w1', `s${s}`)])
      const claims = await Promise.all(Array.from({ length: 8 }, (_, n) => claimLanes(db, `node/${n}`, 5, 60_000)))
      const all = claims.flatMap((c) => c.lanes.map((l) => l.sessionId))
      expect(new Set(all).size).toBe(all.length)
      expect(all.length).toBe(20)
    })

    it('records outcomes and attempts in one statement, leaving cancelled deliveries be', async () => {
      await webhook('w1')
      const [a, b] = [delivery('w1'), delivery('w1')]
      await insertDeliveries(db, [a, b])
      await db.updateTable('webhook_deliveries').set({ state: 'cancelled' }).where('id', '=', b.id).execute()
      await recordOutcomes(db, [outcome(a, 'delivered'), outcome(b, 'dead')], 'node-a')
      const rows = await db.selectFrom('webhook_deliveries').select(['id', 'state', 'attempts', 'last_status_code', 'delivered_at']).execute()
      expect(rows.find((r) => r.id === a.id)).toMatchObject({ state: 'delivered', attempts: 1, last_status_code: 200, delivered_at: expect.any(Date) })
      expect(rows.find((r) => r.id === b.id)).toMatchObject({ state: 'cancelled', attempts: 0 })
      expect(await db.selectFrom('webhook_attempts').select(['delivery_id', 'status_code', 'node_id']).orderBy('status_code').execute()).toEqual([
        { delivery_id: a.id, status_code: 200, node_id: 'node-a' },
        { delivery_id: b.id, status_code: 500, node_id: 'node-a' },
      ])
    })

    it('requeues a delivery once per request, and replays create or requeue', async () => {
      await webhook('w1')
      const a = delivery('w1')
      await insertDeliveries(db, [a])
      await recordOutcomes(db, [outcome(a, 'dead')], 'node-a')
      expect(await requeueDelivery(db, 'w1', a.id, 50n)).toEqual(lane('w1'))
      expect(await requeueDelivery(db, 'w1', a.id, 50n)).toBeUndefined()
      expect(await db.selectFrom('webhook_deliveries').select(['state', 'round_attempts']).where('id', '=', a.id).executeTakeFirst()).toEqual({ state: 'pending', round_attempts: 0 })
      await recordOutcomes(db, [outcome(a, 'delivered')], 'node-a')
      const fresh = delivery('w1', 's9')
      expect((await upsertReplayed(db, [a, fresh], 60n)).map((l) => l.sessionId).sort()).toEqual(['s1', 's9'])
      expect(await upsertReplayed(db, [a, fresh], 60n)).toEqual([])
      expect(await db.selectFrom('webhook_deliveries').select('state').where('id', 'in', [a.id, fresh.id]).execute()).toEqual([{ state: 'pending' }, { state: 'pending' }])
    })

    it("renews and takes over leases by owner, wakes a recovered webhook's lanes, repairs and purges", async () => {
      await webhook('w1')
      await insertDeliveries(db, [delivery('w1'), delivery('w1', 's2'), delivery('w1', 's3')])
      await claimLanes(db, 'node-a/old', 2, 1000)
      await renewLeases(db, 'node-a/old', 120_000)
      expect((await laneRow('w1')).lease_until!.getTime()).toBeGreaterThan(Date.now() + 100_000)
      expect(await takeOverLeases(db, 'node-b', 'node-b/new')).toBe(0)
      expect(await takeOverLeases(db, 'node-a', 'node-a/new')).toBe(2)
      expect((await claimLanes(db, 'node-a/new', 10, 1000)).lanes).toHaveLength(3)

      const later = new Date(Date.now() + 600_000)
      await db.updateTable('webhook_lanes').set({ due_at: later, lease_owner: null, lease_until: null }).execute()
      await db.updateTable('webhook_deliveries').set({ round_attempts: 2, next_attempt_at: later }).execute()
      await wakeWebhookLanes(db, 'w1')
      expect((await db.selectFrom('webhook_lanes').select('due_at').execute()).every((l) => l.due_at!.getTime() <= Date.now())).toBe(true)

      await db.updateTable('webhook_lanes').set({ due_at: null }).execute()
      expect(await repairLanes(db)).toBe(3)
      await db.updateTable('webhook_deliveries').set({ state: 'delivered', updated_at: sql<Date>`now() - interval '30 days'` }).execute()
      expect(await purgeDeliveryLog(db, new Date(Date.now() - 24 * 3600_000))).toBe(3)
      expect(await db.selectFrom('webhook_deliveries').select('id').execute()).toEqual([])
    })
  })
}
