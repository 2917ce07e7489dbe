import type { Kysely } from 'kysely'
import type { Role } from '../../../domain/identity/caller.ts'
import { UserEventTypes, type UserEvent } from '../../../domain/identity/user-events.ts'
import type { WebhookOwner } from '../../../domain/webhooks/webhook-access.ts'
import type { WebhooksTables } from '../tables.ts'
import { toOwner } from './routing-snapshot.ts'

/** The user events that change what a webhook owner may see. */
export const PRINCIPAL_EVENT_TYPES: readonly string[] = [
  UserEventTypes.registered,
  UserEventTypes.roleChanged,
  UserEventTypes.sessionsAssigned,
  UserEventTypes.disabled,
  UserEventTypes.enabled,
]

/** Applies a user event to the router's copy of users; returns the user as it now stands. */
export async function recordUserEvent(db: Kysely<WebhooksTables>, userId: string, event: UserEvent): Promise<WebhookOwner | undefined> {
  const update = db.updateTable('webhook_routing_users').where('user_id', '=', userId)
  let row
  switch (event.type) {
    case UserEventTypes.registered:
      row = await db
        .insertInto('webhook_routing_users')
        .values({ user_id: userId, role: event.data.role })
        .onConflict((c) => c.column('user_id').doUpdateSet({ role: event.data.role }))
        .returningAll()
        .executeTakeFirst()
      break
    case UserEventTypes.roleChanged: {
      const role: Role = event.data.role
      // As the user fold does: only staff keep assignments.
      row = await update.set(role === 'STAFF' ? { role } : { role, assigned_session_ids: '[]' }).returningAll().executeTakeFirst()
      break
    }
    case UserEventTypes.sessionsAssigned:
      row = await update.set({ assigned_session_ids: JSON.stringify(event.data.sessionIds) }).returningAll().executeTakeFirst()
      break
    case UserEventTypes.disabled:
    case UserEventTypes.enabled:
      row = await update.set({ disabled: event.type === UserEventTypes.disabled }).returningAll().executeTakeFirst()
      break
    default:
      return undefined
  }
  return row && toOwner(row)
}

/** Remembers who owns a session (from session.created). */
export async function recordSessionOwner(db: Kysely<WebhooksTables>, sessionId: string, userId: string): Promise<void> {
  await db
    .insertInto('webhook_routing_sessions')
    .values({ session_id: sessionId, user_id: userId })
    .onConflict((c) => c.column('session_id').doNothing())
    .execute()
}
