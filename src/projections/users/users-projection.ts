import type { Kysely } from 'kysely'
import { UserEventTypes, type UserEvent } from '../../domain/identity/user-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import type { Projection } from '../../consumers/projection.ts'
import type { UsersTables } from './tables.ts'
import { requireIdOfStream } from '../../domain/streams.ts'

/** Users, their API key (as a keyed hash plus the sealed key) and their login sessions: what authentication reads. */
export const usersProjection: Projection<UsersTables> = {
  name: 'users',
  eventTypes: Object.values(UserEventTypes),
  async apply(db, events) {
    for (const event of events) await applyOne(db, event as StoredEvent & UserEvent)
  },
  async reset(db) {
    await db.deleteFrom('login_sessions').execute()
    await db.deleteFrom('api_keys').execute()
    await db.deleteFrom('users').execute()
  },
}

async function applyOne(db: Kysely<UsersTables>, event: StoredEvent & UserEvent): Promise<void> {
  const userId = requireIdOfStream(event.streamId, 'user')
  const at = event.occurredAt
  const touch = (set: Record<string, unknown>) =>
    db.updateTable('users').set({ ...set, updated_at: at }).where('id', '=', userId).execute()
  switch (event.type) {
    case UserEventTypes.registered: {
      const d = event.data
      await db
        .insertInto('users')
        .values({ id: d.id, email: d.email, role: d.role, disabled: false, password_hash: d.passwordHash, password_generated: d.passwordGenerated === true, assigned_session_ids: '[]', created_at: at, updated_at: at })
        .onConflict((c) => c.column('id').doNothing())
        .execute()
      return
    }
    case UserEventTypes.roleChanged:
      await touch({ role: event.data.role, ...(event.data.role === 'STAFF' ? {} : { assigned_session_ids: '[]' }) })
      return
    case UserEventTypes.sessionsAssigned:
      await touch({ assigned_session_ids: JSON.stringify(event.data.sessionIds) })
      return
    case UserEventTypes.disabled:
    case UserEventTypes.enabled:
      await touch({ disabled: event.type === UserEventTypes.disabled })
      return
    case UserEventTypes.passwordChanged:
      await touch({ password_hash: event.data.passwordHash, password_generated: false })
      // A new password ends every login of the old one.
      await db.deleteFrom('login_sessions').where('user_id', '=', userId).execute()
      return
    case UserEventTypes.apiKeyIssued: {
      const d = event.data
      const row = { key_id: d.keyId, key_hash: d.keyHash, sealed_key: d.sealedKey, prefix: d.prefix, created_at: at }
      await db
        .insertInto('api_keys')
        .values({ user_id: userId, ...row })
        .onConflict((c) => c.column('user_id').doUpdateSet(row))
        .execute()
      return
    }
    case UserEventTypes.apiKeyRevoked:
      await db.deleteFrom('api_keys').where('user_id', '=', userId).where('key_id', '=', event.data.keyId).execute()
      return
    case UserEventTypes.loggedIn:
      await db
        .insertInto('login_sessions')
        .values({ token_hash: event.data.tokenHash, user_id: userId, expires_at: new Date(event.data.expiresAt), created_at: at })
        .onConflict((c) => c.column('token_hash').doNothing())
        .execute()
      return
    case UserEventTypes.loggedOut:
      await db.deleteFrom('login_sessions').where('token_hash', '=', event.data.tokenHash).execute()
      return
  }
}
