import type { StoredEvent } from '../../domain/ports/event-store.ts'
import type { UserEvent } from '../../domain/identity/user-events.ts'
import { SessionEventTypes, type SessionCreated } from '../../domain/session/session-events.ts'
import { fromStreamName, sessionIdOfStream } from '../../domain/streams.ts'
import type { WebhookEvent } from '../../domain/webhooks/webhook-events.ts'
import type { Projection } from '../../consumers/projection.ts'
import { applyWebhookEvent } from './routing/apply-webhook-event.ts'
import { insertDeliveries } from './routing/insert-deliveries.ts'
import { PRINCIPAL_EVENT_TYPES, recordSessionOwner, recordUserEvent } from './routing/record-principals.ts'
import { routeEvent, type NewDelivery } from './routing/route-event.ts'
import { bumpRouterVersion, markRoutedThroughCheckpoint, readRouterState } from './routing/router-state.ts'
import { RoutingSnapshot } from './routing/routing-snapshot.ts'
import type { WebhooksTables } from './tables.ts'

export const WEBHOOKS_PROJECTION = 'webhooks'

/**
 * The webhooks read model and the webhook router in one projection, so that both see the log in the
 * same order: an event is routed to exactly the webhooks that existed (and matched) when it was
 * recorded. Each batch's deliveries are inserted in the transaction that moves the checkpoint, so none
 * is lost or made twice, whichever node applies the batch. The deliverer hears of it from the
 * consumer's progress (start-webhook-delivery.ts), on every node.
 */
export function createWebhooksProjection(): Projection<WebhooksTables> {
  let cache: RoutingSnapshot | undefined
  return {
    name: WEBHOOKS_PROJECTION,
    async apply(db, events) {
      const relevant = events.filter(isRelevant)
      if (relevant.length === 0) return
      const state = await readRouterState(db)
      // Taken out while the batch is applied: if its transaction fails, the next batch reloads.
      let snapshot = cache
      cache = undefined
      if (!snapshot || snapshot.version !== state.version) snapshot = await RoutingSnapshot.load(db, state.version)
      await snapshot.ensureSessions(db, relevant.map((e) => sessionIdOfStream(e.streamId)).filter((id): id is string => id !== null))
      const deliveries: NewDelivery[] = []
      let changed = false
      for (const event of relevant) {
        const stream = fromStreamName(event.streamId)
        if (stream?.category === 'webhook') {
          await applyWebhookEvent(db, event as StoredEvent & WebhookEvent, snapshot)
          changed = true
          continue
        }
        if (stream?.category === 'user') {
          const owner = await recordUserEvent(db, stream.id, event as StoredEvent & UserEvent)
          if (owner) snapshot.putOwner(owner)
          changed = true
          continue
        }
        if (event.type === SessionEventTypes.created) {
          const { sessionId, userId } = (event as StoredEvent & SessionCreated).data
          await recordSessionOwner(db, sessionId, userId)
          snapshot.putSession(sessionId, userId)
          changed = true
        }
        // Routed before a rebuild of this read model: never route (send) it again.
        if (event.position > state.routedThrough) deliveries.push(...routeEvent(snapshot, event))
      }
      if (deliveries.length > 0) await insertDeliveries(db, deliveries)
      if (changed) snapshot.version = await bumpRouterVersion(db)
      cache = snapshot
    },
    async reset(db) {
      cache = undefined
      // Deliveries, lanes, attempts and replays stay; what was routed is marked so: a rebuild resends nothing.
      await markRoutedThroughCheckpoint(db, WEBHOOKS_PROJECTION)
      await db.deleteFrom('webhooks').execute()
      await db.deleteFrom('webhook_routing_sessions').execute()
      await db.deleteFrom('webhook_routing_users').execute()
    },
  }
}

function isRelevant(event: StoredEvent): boolean {
  const category = fromStreamName(event.streamId)?.category
  if (category === 'webhook') return true
  if (category === 'user') return PRINCIPAL_EVENT_TYPES.includes(event.type)
  return category === 'session' || category === 'messages'
}
