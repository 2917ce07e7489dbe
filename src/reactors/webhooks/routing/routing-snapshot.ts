import type { Kysely, Selectable } from 'kysely'
import type { WebhookOwner } from '../../../domain/webhooks/webhook-access.ts'
import type { WebhookRoutingUsersTable, WebhooksTable, WebhooksTables } from '../tables.ts'
import type { RoutingView, RoutingWebhook } from './route-event.ts'

/**
 * What the router knows: the live webhooks, their owners, and the owners of the sessions it has met.
 * Kept in memory between batches and updated as the router applies webhook, user and session events,
 * in log order; reloaded when the router state's version shows that another node changed it.
 */
export class RoutingSnapshot implements RoutingView {
  readonly #webhooks = new Map<string, RoutingWebhook>()
  readonly #owners = new Map<string, WebhookOwner>()
  readonly #sessions = new Map<string, string>()
  /** The router state version this snapshot reflects. */
  version: bigint

  private constructor(version: bigint) {
    this.version = version
  }

  static async load(db: Kysely<WebhooksTables>, version: bigint): Promise<RoutingSnapshot> {
    const snapshot = new RoutingSnapshot(version)
    const webhooks = await db.selectFrom('webhooks').selectAll().where('deleted_at', 'is', null).execute()
    for (const row of webhooks) snapshot.putWebhook(toRoutingWebhook(row))
    if (webhooks.length > 0) {
      const owners = await db
        .selectFrom('webhook_routing_users')
        .selectAll()
        .where('user_id', 'in', [...new Set(webhooks.map((w) => w.user_id))])
        .execute()
      for (const row of owners) snapshot.putOwner(toOwner(row))
    }
    return snapshot
  }

  /** Learns the owners of sessions it has not met yet. */
  async ensureSessions(db: Kysely<WebhooksTables>, sessionIds: readonly string[]): Promise<void> {
    const unknown = [...new Set(sessionIds)].filter((id) => !this.#sessions.has(id))
    if (unknown.length === 0) return
    const rows = await db.selectFrom('webhook_routing_sessions').selectAll().where('session_id', 'in', unknown).execute()
    for (const row of rows) this.putSession(row.session_id, row.user_id)
  }

  /** Loads a user that owned no webhook when the batch began (they just created one). */
  async ensureOwner(db: Kysely<WebhooksTables>, userId: string): Promise<void> {
    if (this.#owners.has(userId)) return
    const row = await db.selectFrom('webhook_routing_users').selectAll().where('user_id', '=', userId).executeTakeFirst()
    if (row) this.putOwner(toOwner(row))
  }

  webhooks(): Iterable<RoutingWebhook> {
    return this.#webhooks.values()
  }

  webhook(id: string): RoutingWebhook | undefined {
    return this.#webhooks.get(id)
  }

  owner(userId: string): WebhookOwner | undefined {
    return this.#owners.get(userId)
  }

  sessionOwner(sessionId: string): string | undefined {
    return this.#sessions.get(sessionId)
  }

  putWebhook(webhook: RoutingWebhook): void {
    this.#webhooks.set(webhook.id, webhook)
  }

  removeWebhook(id: string): void {
    this.#webhooks.delete(id)
  }

  putOwner(owner: WebhookOwner): void {
    this.#owners.set(owner.userId, owner)
  }

  putSession(sessionId: string, userId: string): void {
    this.#sessions.set(sessionId, userId)
  }
}

export function toRoutingWebhook(row: Pick<Selectable<WebhooksTable>, 'id' | 'user_id' | 'session_id' | 'events' | 'is_active'>): RoutingWebhook {
  return { id: row.id, userId: row.user_id, sessionId: row.session_id, events: row.events, isActive: row.is_active }
}

export function toOwner(row: Selectable<WebhookRoutingUsersTable>): WebhookOwner {
  return { userId: row.user_id, role: row.role, assignedSessionIds: row.assigned_session_ids, disabled: row.disabled }
}
