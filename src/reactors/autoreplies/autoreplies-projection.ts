import { AutoReplyEventTypes, type AutoReplyEvent } from '../../domain/autoreply/autoreply-events.ts'
import { MessageEventTypes } from '../../domain/messages/message-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { SessionEventTypes, type SessionEvent } from '../../domain/session/session-events.ts'
import { fromStreamName } from '../../domain/streams.ts'
import type { Projection } from '../../consumers/projection.ts'
import { decideReply, type ReplyDecisionDeps } from './decide-reply.ts'
import { SessionSwitches } from './read-reply-gates.ts'
import type { AutoRepliesTables } from './tables.ts'

export const AUTOREPLIES_PROJECTION = 'autoreplies'

/**
 * The auto-reply consumer, as a projection of the log: it keeps the rules (GET /api/autoreplies) and each
 * session's autoReplyEnabled, and decides on every received message which reply is due. One transaction
 * holds a batch's decisions, the chats' cooldowns and the checkpoint: a retried or replayed batch, or a
 * second node running the same projection, never decides a reply twice. Sending is the
 * AutoReplySender's, on the node that runs the session.
 */
export function autoRepliesProjection(deps: ReplyDecisionDeps): Projection<AutoRepliesTables> {
  return {
    name: AUTOREPLIES_PROJECTION,
    eventTypes: [
      ...Object.values(AutoReplyEventTypes),
      SessionEventTypes.created,
      SessionEventTypes.settingsUpdated,
      SessionEventTypes.deleted,
      MessageEventTypes.received,
    ],
    async apply(db, events) {
      const switches = new SessionSwitches(db)
      for (const event of events) {
        const stream = fromStreamName(event.streamId)
        if (event.type === MessageEventTypes.received && stream?.category === 'messages') {
          await decideReply(db, event, stream.id, switches, deps)
        } else if (stream?.category === 'autoreply') {
          await applyRuleEvent(db, event as StoredEvent & AutoReplyEvent)
        } else if (stream?.category === 'session') {
          await applySessionEvent(db, event as StoredEvent & SessionEvent, stream.id, switches)
        }
      }
    },
    // The replies stay: they are the record of what was sent. A replay decides nothing it decided before
    // (a reply per triggering event, at most) nor anything older than the max age.
    async reset(db) {
      await db.deleteFrom('autoreply_rules').execute()
      await db.deleteFrom('autoreply_sessions').execute()
      await db.deleteFrom('autoreply_cooldowns').execute()
    },
  }
}

async function applyRuleEvent(db: Parameters<Projection<AutoRepliesTables>['apply']>[0], event: StoredEvent & AutoReplyEvent): Promise<void> {
  switch (event.type) {
    case AutoReplyEventTypes.created: {
      const d = event.data
      await db
        .insertInto('autoreply_rules')
        .values({
          id: d.id,
          session_id: d.sessionId,
          user_id: d.userId,
          keyword: d.keyword,
          response: d.response,
          match_type: d.matchType,
          position: event.position,
          created_at: event.occurredAt,
          deleted_at: null,
        })
        .onConflict((c) => c.column('id').doNothing())
        .execute()
      return
    }
    case AutoReplyEventTypes.deleted:
      await db.updateTable('autoreply_rules').set({ deleted_at: event.occurredAt }).where('id', '=', event.data.id).execute()
      return
  }
}

async function applySessionEvent(
  db: Parameters<Projection<AutoRepliesTables>['apply']>[0],
  event: StoredEvent & SessionEvent,
  sessionId: string,
  switches: SessionSwitches,
): Promise<void> {
  let enabled: boolean
  switch (event.type) {
    case SessionEventTypes.created:
    case SessionEventTypes.settingsUpdated:
      enabled = event.data.config?.autoReplyEnabled === true
      break
    case SessionEventTypes.deleted:
      enabled = false
      break
    default:
      return
  }
  await db
    .insertInto('autoreply_sessions')
    .values({ session_id: sessionId, enabled })
    .onConflict((c) => c.column('session_id').doUpdateSet({ enabled }))
    .execute()
  switches.set(sessionId, enabled)
}
