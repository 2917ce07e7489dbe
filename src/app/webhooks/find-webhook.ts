import type { Kysely, Selectable } from 'kysely'
import { NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import { canManageWebhook } from '../../domain/webhooks/webhook-access.ts'
import type { WebhooksTable, WebhooksTables } from '../../reactors/webhooks/tables.ts'
import type { AppDeps } from '../app-deps.ts'
import { WEBHOOKS_PROJECTION } from '../../reactors/webhooks/webhooks-projection.ts'

/** The caller's webhook (or any, for a superadmin). Other tenants' webhooks are "not found": their ids do not leak. */
export async function findWebhookFor(db: Kysely<WebhooksTables>, caller: Caller, id: string): Promise<Selectable<WebhooksTable>> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
  if (!row || !canManageWebhook(caller, { userId: row.user_id })) throw new NotFoundError(`webhook ${id} not found`)
  return row
}

/** Read-your-writes: waits (bounded) until the webhooks read model has applied `position`. */
export async function awaitWebhooks(deps: AppDeps, position: bigint | null): Promise<void> {
  if (position !== null) await deps.projections.waitFor(WEBHOOKS_PROJECTION, position, deps.readYourWritesTimeoutMs)
}
