import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../../infra/logger.ts'
import { ProjectionRunner } from '../../consumers/projection-runner.ts'
import { createWebhooksProjection, WEBHOOKS_PROJECTION } from './webhooks-projection.ts'
import type { EventStoreTables } from '../../infra/event-store/postgres/tables.ts'
import type { CheckpointTables } from '../../consumers/checkpoints/tables.ts'
import type { WebhooksTables } from './tables.ts'

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`webhooks projection on ${kind}`, () => {
    let test: TestDatabase<WebhooksTables & EventStoreTables & CheckpointTables>
    let store: PostgresEventStore
    let runner: ProjectionRunner
    beforeAll(async () => {
      test = await openTestDatabase<WebhooksTables & EventStoreTables & CheckpointTables>(kind)
      store = new PostgresEventStore(test.db)
      runner = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [createWebhooksProjection()] })
      await runner.start()
    })
    afterAll(async () => {
      await runner?.stop()
      await test?.close()
    })
    const message = () => ({ type: 'message.received', data: { keyId: randomUUID() } })
    // Waits for a position appended here (not the head: transactions of other databases on the server hold the readable head back).
    let last = 0n
    const append = async (streamId: string, events: Parameters<PostgresEventStore['append']>[1]) => {
      last = (await store.append(streamId, events)).position
    }
    const settle = async () => expect(await runner.waitFor(WEBHOOKS_PROJECTION, last, 10_000)).toBe(true)
    const deliveries = () => test.db.selectFrom('webhook_deliveries').select(['id', 'state', 'webhook_id']).orderBy('event_position').execute()

    it('routes only what follows a webhook, and resends nothing when rebuilt', async () => {
      await append('user-u1', [{ type: 'user.registered', data: { id: 'u1', email: 'a@example.com', role: 'OWNER', passwordHash: 'x' } }])
      await append('session-s1', [{ type: 'session.created', data: { id: 'c1', sessionId: 's1', userId: 'u1', name: 'P', config: {} } }])
      await append('messages-s1', [message()])
      await append('webhook-w1', [
        { type: 'webhook.created', data: { id: 'w1', userId: 'u1', name: 'h', url: 'http://x', sealedSecret: 'v1.x', sessionId: null, events: ['message.received'], isActive: true } },
      ])
      await settle()
      await append('messages-s1', [message(), message()])
      await settle()
      expect(await deliveries()).toHaveLength(2)

      await test.db.updateTable('webhook_deliveries').set({ state: 'delivered' }).execute()
      await runner.rebuild(WEBHOOKS_PROJECTION)
      await settle()
      expect((await deliveries()).map((d) => d.state)).toEqual(['delivered', 'delivered'])
      expect(await test.db.selectFrom('webhooks').select('id').execute()).toEqual([{ id: 'w1' }])

      await append('messages-s1', [message()])
      await settle()
      expect((await deliveries()).map((d) => d.state)).toEqual(['delivered', 'delivered', 'pending'])
    })
  })
}
