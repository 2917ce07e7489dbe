import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { idOfStream, sessionIdOfStream } from '../../domain/streams.ts'
import type { Projection } from '../../consumers/projection.ts'
import { redactSecrets } from './redact-secrets.ts'
import type { AuditTables } from './tables.ts'

/** Every stored event, secrets removed, indexed by session, subject user, type and time: GET /api/audit. */
export const auditProjection: Projection<AuditTables> = {
  name: 'audit',
  async apply(db, events) {
    await db
      .insertInto('audit_log')
      .values(events.map(toRow))
      .onConflict((c) => c.column('position').doNothing())
      .execute()
  },
  async reset(db) {
    await db.deleteFrom('audit_log').execute()
  },
}

function toRow(event: StoredEvent) {
  return {
    position: event.position,
    event_id: event.id,
    type: event.type,
    stream_id: event.streamId,
    session_id: sessionIdOfStream(event.streamId) ?? sessionIn(event.data),
    subject_user_id: idOfStream(event.streamId, 'user'),
    actor_kind: event.metadata.actor?.kind ?? null,
    actor_id: event.metadata.actor?.id ?? null,
    node_id: event.metadata.nodeId ?? null,
    occurred_at: event.occurredAt,
    data: JSON.stringify(redactSecrets(event.data)),
  }
}

/** Broadcasts, repeated sends and the like name their session in their data. */
function sessionIn(data: unknown): string | null {
  const sessionId = (data as { sessionId?: unknown } | null)?.sessionId
  return typeof sessionId === 'string' ? sessionId : null
}
