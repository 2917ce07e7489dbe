import type { Kysely } from 'kysely'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { SessionEventTypes, type SessionEvent } from '../../domain/session/session-events.ts'
import type { Projection } from '../../consumers/projection.ts'
import type { SessionsTables } from './tables.ts'
import { requireIdOfStream } from '../../domain/streams.ts'

/** The sessions list of GET /api/sessions, and the list a node restores on start. */
export const sessionsProjection: Projection<SessionsTables> = {
  name: 'sessions',
  eventTypes: Object.values(SessionEventTypes),
  async apply(db, events) {
    for (const event of events) await applyOne(db, event as StoredEvent & SessionEvent)
  },
  async reset(db) {
    await db.deleteFrom('sessions').execute()
  },
}

async function applyOne(db: Kysely<SessionsTables>, event: StoredEvent & SessionEvent): Promise<void> {
  const at = event.occurredAt
  const sessionId = requireIdOfStream(event.streamId, 'session')
  switch (event.type) {
    case SessionEventTypes.created: {
      const d = event.data
      await db
        .insertInto('sessions')
        .values({
          id: d.id,
          session_id: d.sessionId,
          user_id: d.userId,
          name: d.name,
          status: 'DISCONNECTED',
          qr: null,
          pairing_code: null,
          desired: 'running',
          config: JSON.stringify(d.config),
          me: null,
          status_reason: 'created',
          created_at: at,
          updated_at: at,
          deleted_at: null,
        })
        .onConflict((c) => c.column('id').doNothing())
        .execute()
      return
    }
    case SessionEventTypes.settingsUpdated:
      await db
        .updateTable('sessions')
        .set({ config: JSON.stringify(event.data.config), updated_at: at })
        .where('session_id', '=', sessionId)
        .execute()
      return
    case SessionEventTypes.deleted:
      await db
        .updateTable('sessions')
        .set({ deleted_at: at, updated_at: at, status: 'DISCONNECTED', qr: null, pairing_code: null, desired: 'stopped' })
        .where('session_id', '=', sessionId)
        .execute()
      return
    case SessionEventTypes.connectionUpdate: {
      const d = event.data
      await db
        .updateTable('sessions')
        .set({
          status: d.status,
          qr: d.qr,
          pairing_code: d.pairingCode ?? null,
          desired: d.desired,
          // Unreachable says why, e.g. "cannot reach web.whatsapp.com (ENOTFOUND)".
          status_reason: d.reason === 'unreachable' && d.detail ? d.detail : d.reason,
          updated_at: at,
          ...(d.me !== undefined ? { me: d.me === null ? null : (JSON.stringify(d.me)) } : {}),
        })
        .where('session_id', '=', sessionId)
        .execute()
      return
    }
  }
}
