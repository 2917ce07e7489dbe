import type { Kysely } from 'kysely'
import type { EventStore } from '../../../domain/ports/event-store.ts'
import type { WebhookOwner } from '../../../domain/webhooks/webhook-access.ts'
import { sessionIdOfStream } from '../../../domain/streams.ts'
import type { LaneKey } from '../routing/insert-deliveries.ts'
import { markLanesDue } from '../routing/mark-lanes-due.ts'
import { upsertReplayed } from '../routing/requeue-deliveries.ts'
import { deliveryOf, wants, type NewDelivery, type RoutingView } from '../routing/route-event.ts'
import { toOwner, toRoutingWebhook } from '../routing/routing-snapshot.ts'
import type { WebhooksTables } from '../tables.ts'

/**
 * Works one page of the oldest running replay: reads the next events of its range from the store,
 * queues those the webhook wants (new deliveries, or finished ones back to pending, at the head of
 * their lanes), and moves the replay's cursor, in one transaction. Returns null when no replay runs,
 * else the lanes it put deliveries back in.
 *
 * The events are read before the transaction (PGlite has one connection); the transaction then checks
 * that the cursor has not moved, so two nodes never queue the same page twice.
 */
export async function runReplayPage(db: Kysely<WebhooksTables>, store: EventStore, pageSize = 500): Promise<LaneKey[] | null> {
  const replay = await db.selectFrom('webhook_replays').selectAll().where('state', '=', 'running').orderBy('requested_at').limit(1).executeTakeFirst()
  if (!replay) return null
  const page = await store.readAll({ after: replay.cursor, limit: pageSize })
  const inRange = page.filter((e) => e.position <= replay.to_position)
  const done = inRange.length < pageSize || inRange.at(-1)!.position >= replay.to_position
  return db.transaction().execute(async (trx): Promise<LaneKey[]> => {
    const locked = await trx.selectFrom('webhook_replays').selectAll().where('id', '=', replay.id).where('state', '=', 'running').forUpdate().skipLocked().executeTakeFirst()
    if (!locked || locked.cursor !== replay.cursor) return []
    const webhook = await trx.selectFrom('webhooks').selectAll().where('id', '=', replay.webhook_id).where('deleted_at', 'is', null).executeTakeFirst()
    if (!webhook) {
      await trx.updateTable('webhook_replays').set({ state: 'cancelled', finished_at: new Date() }).where('id', '=', replay.id).execute()
      return []
    }
    const ownerRow = await trx.selectFrom('webhook_routing_users').selectAll().where('user_id', '=', webhook.user_id).executeTakeFirst()
    const owner: WebhookOwner | undefined = ownerRow && toOwner(ownerRow)
    const sessionIds = [...new Set(inRange.map((e) => sessionIdOfStream(e.streamId)).filter((id): id is string => id !== null))]
    const sessions = new Map<string, string>()
    if (sessionIds.length > 0) {
      for (const row of await trx.selectFrom('webhook_routing_sessions').selectAll().where('session_id', 'in', sessionIds).execute()) sessions.set(row.session_id, row.user_id)
    }
    // Asked for explicitly: queued even while the webhook is paused (it sends once re-activated).
    const target = { ...toRoutingWebhook(webhook), isActive: true }
    const view: RoutingView = { webhooks: () => [target], owner: (id) => (id === owner?.userId ? owner : undefined), sessionOwner: (id) => sessions.get(id) }
    const deliveries: NewDelivery[] = []
    for (const event of inRange) {
      const sessionId = sessionIdOfStream(event.streamId)
      if (sessionId === null || (replay.since && event.occurredAt < replay.since) || !wants(view, target, event.type, sessionId)) continue
      const delivery = deliveryOf(target.id, event)
      if (delivery) deliveries.push(delivery)
    }
    const lanes = await upsertReplayed(trx, deliveries, locked.request_position)
    await markLanesDue(trx, lanes, 'head')
    await trx
      .updateTable('webhook_replays')
      .set({
        cursor: done ? locked.to_position : inRange.at(-1)!.position,
        matched: locked.matched + deliveries.length,
        ...(done ? { state: 'done' as const, finished_at: new Date() } : {}),
      })
      .where('id', '=', replay.id)
      .execute()
    return lanes
  })
}
