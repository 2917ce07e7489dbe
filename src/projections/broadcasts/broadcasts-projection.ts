import { sql } from 'kysely'
import { BroadcastEventTypes, type BroadcastEvent } from '../../domain/broadcast/broadcast-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import type { Projection } from '../../consumers/projection.ts'
import type { BroadcastsTables } from './tables.ts'
import { requireIdOfStream } from '../../domain/streams.ts'

/** Progress of every broadcast, per recipient (GET /api/messages/broadcast/:id), and what the runner resumes. */
export const broadcastsProjection: Projection<BroadcastsTables> = {
  name: 'broadcasts',
  eventTypes: Object.values(BroadcastEventTypes),
  async apply(db, events) {
    for (const stored of events) {
      const event = stored as StoredEvent & BroadcastEvent
      const id = requireIdOfStream(stored.streamId, 'broadcast')
      const at = stored.occurredAt
      switch (event.type) {
        case BroadcastEventTypes.started: {
          const d = event.data
          await db
            .insertInto('broadcasts')
            .values({ id, session_id: d.sessionId, user_id: d.userId, message: d.message, status: 'RUNNING', total: d.recipients.length, sent: 0, failed: 0, created_at: at, updated_at: at })
            .onConflict((c) => c.column('id').doNothing())
            .execute()
          // In chunks: a broadcast may have thousands of recipients.
          for (let i = 0; i < d.recipients.length; i += 1000) {
            await db
              .insertInto('broadcast_recipients')
              .values(d.recipients.slice(i, i + 1000).map((jid, n) => ({ broadcast_id: id, position: i + n, jid, status: 'PENDING' as const, message_id: null, error: null, updated_at: at })))
              .onConflict((c) => c.columns(['broadcast_id', 'jid']).doNothing())
              .execute()
          }
          break
        }
        case BroadcastEventTypes.recipientSent:
        case BroadcastEventTypes.recipientFailed: {
          const sent = event.type === BroadcastEventTypes.recipientSent
          await db
            .updateTable('broadcast_recipients')
            .set({ status: sent ? 'SENT' : 'FAILED', message_id: sent ? event.data.messageId : null, error: sent ? null : event.data.error, updated_at: at })
            .where('broadcast_id', '=', id)
            .where('jid', '=', event.data.jid)
            .execute()
          await db
            .updateTable('broadcasts')
            .set(sent ? { sent: sql`sent + 1`, updated_at: at } : { failed: sql`failed + 1`, updated_at: at })
            .where('id', '=', id)
            .execute()
          break
        }
        case BroadcastEventTypes.cancelled:
          await db.updateTable('broadcasts').set({ status: 'CANCELLED', updated_at: at }).where('id', '=', id).execute()
          break
        case BroadcastEventTypes.completed:
          await db.updateTable('broadcasts').set({ status: 'COMPLETED', updated_at: at }).where('id', '=', id).execute()
          break
      }
    }
  },
  async reset(db) {
    await db.deleteFrom('broadcast_recipients').execute()
    await db.deleteFrom('broadcasts').execute()
  },
}
