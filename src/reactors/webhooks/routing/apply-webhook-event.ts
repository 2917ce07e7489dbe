import { sql, type Kysely } from 'kysely'
import type { StoredEvent } from '../../../domain/ports/event-store.ts'
import { WebhookEventTypes, type WebhookEvent, type WebhookSettings } from '../../../domain/webhooks/webhook-events.ts'
import type { WebhooksTables, WebhooksTable } from '../tables.ts'
import type { LaneKey } from './insert-deliveries.ts'
import { markLanesDue } from './mark-lanes-due.ts'
import { requeueDelivery } from './requeue-deliveries.ts'
import type { RoutingSnapshot } from './routing-snapshot.ts'
import { requireIdOfStream } from '../../../domain/streams.ts'

type Updates = Partial<Pick<WebhooksTable, 'name' | 'url' | 'sealed_secret' | 'session_id' | 'is_active'>> & { events?: string }

/** Applies an event of a webhook stream: the read model row, the router's view of it, and its queue. Returns a lane a delivery was put back in. */
export async function applyWebhookEvent(db: Kysely<WebhooksTables>, event: StoredEvent & WebhookEvent, snapshot: RoutingSnapshot): Promise<LaneKey | undefined> {
  const webhookId = requireIdOfStream(event.streamId, 'webhook')
  const at = event.occurredAt
  switch (event.type) {
    case WebhookEventTypes.created: {
      const d = event.data
      await db
        .insertInto('webhooks')
        .values({
          id: d.id,
          user_id: d.userId,
          name: d.name,
          url: d.url,
          sealed_secret: d.sealedSecret,
          session_id: d.sessionId,
          events: JSON.stringify(d.events),
          is_active: d.isActive,
          created_at: at,
          updated_at: at,
          deleted_at: null,
        })
        .onConflict((c) => c.column('id').doNothing())
        .execute()
      snapshot.putWebhook({ id: d.id, userId: d.userId, sessionId: d.sessionId, events: d.events, isActive: d.isActive })
      await snapshot.ensureOwner(db, d.userId)
      return
    }
    case WebhookEventTypes.updated: {
      const updates = toColumns(event.data.changes)
      await db
        .updateTable('webhooks')
        .set({ ...updates, updated_at: at })
        .where('id', '=', webhookId)
        .execute()
      const current = snapshot.webhook(webhookId)
      if (current) {
        const c = event.data.changes
        snapshot.putWebhook({
          ...current,
          ...(c.sessionId !== undefined ? { sessionId: c.sessionId } : {}),
          ...(c.events !== undefined ? { events: c.events } : {}),
          ...(c.isActive !== undefined ? { isActive: c.isActive } : {}),
        })
      }
      // Re-activated: its paused lanes may go on.
      if (event.data.changes.isActive === true) {
        await db.updateTable('webhook_lanes').set({ due_at: sql<Date>`now()` }).where('webhook_id', '=', webhookId).where('due_at', 'is not', null).execute()
      }
      return
    }
    case WebhookEventTypes.deleted:
      await db.updateTable('webhooks').set({ deleted_at: at, updated_at: at, is_active: false }).where('id', '=', webhookId).execute()
      // Nothing more is sent for a deleted webhook; its log stays until the retention purge.
      await db
        .updateTable('webhook_deliveries')
        .set({ state: 'cancelled', updated_at: sql<Date>`now()` })
        .where('webhook_id', '=', webhookId)
        .where('state', '=', 'pending')
        .execute()
      await db.deleteFrom('webhook_lanes').where('webhook_id', '=', webhookId).execute()
      await db.updateTable('webhook_replays').set({ state: 'cancelled', finished_at: sql<Date>`now()` }).where('webhook_id', '=', webhookId).where('state', '=', 'running').execute()
      snapshot.removeWebhook(webhookId)
      return
    case WebhookEventTypes.redeliveryRequested: {
      const lane = await requeueDelivery(db, webhookId, event.data.deliveryId, event.position)
      if (lane) await markLanesDue(db, [lane], 'head')
      return lane
    }
    case WebhookEventTypes.replayRequested: {
      const d = event.data
      await db
        .insertInto('webhook_replays')
        .values({
          id: d.replayId,
          webhook_id: webhookId,
          after_position: BigInt(d.afterPosition),
          to_position: BigInt(d.toPosition),
          since: d.since ? new Date(d.since) : null,
          request_position: event.position,
          cursor: BigInt(d.afterPosition),
          state: 'running',
          requested_at: at,
          finished_at: null,
        })
        .onConflict((c) => c.column('id').doNothing())
        .execute()
      return
    }
  }
}

function toColumns(changes: Partial<WebhookSettings>): Updates {
  const updates: Updates = {}
  if (changes.name !== undefined) updates.name = changes.name
  if (changes.url !== undefined) updates.url = changes.url
  if (changes.sealedSecret !== undefined) updates.sealed_secret = changes.sealedSecret
  if (changes.sessionId !== undefined) updates.session_id = changes.sessionId
  if (changes.events !== undefined) updates.events = JSON.stringify(changes.events)
  if (changes.isActive !== undefined) updates.is_active = changes.isActive
  return updates
}
