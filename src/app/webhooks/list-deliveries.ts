import { Query, type IQueryHandler } from '@nestjs/cqrs'
import type { Kysely, Selectable } from 'kysely'
import { NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { DeliveryState, WebhookAttemptsTable, WebhookDeliveriesTable, WebhooksTables } from '../../reactors/webhooks/tables.ts'
import type { AppDeps } from '../app-deps.ts'
import { findWebhookFor } from './find-webhook.ts'
import { toDeliveryView, type DeliveryView } from './webhook-view.ts'

export interface DeliveryFilters {
  readonly state?: DeliveryState
  readonly sessionId?: string
  readonly event?: string
  /** Deliveries of events before this position (keyset paging: pass the last entry's eventPosition). */
  readonly before?: bigint
  readonly limit: number
}

export class ListWebhookDeliveries extends Query<DeliveryView[]> {
  readonly caller: Caller
  readonly webhookId: string
  readonly filters: DeliveryFilters
  constructor(caller: Caller, webhookId: string, filters: DeliveryFilters) {
    super()
    this.caller = caller
    this.webhookId = webhookId
    this.filters = filters
  }
}

/** The delivery log of a webhook, newest event first, each delivery with its attempts (status code, latency, error). */
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveries> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, webhookId, filters }: ListWebhookDeliveries): Promise<DeliveryView[]> {
    const db = this.#deps.db
    await findWebhookFor(db, caller, webhookId)
    let query = db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId)
    if (filters.state) query = query.where('state', '=', filters.state)
    if (filters.sessionId) query = query.where('session_id', '=', filters.sessionId)
    if (filters.event) query = query.where('event_type', '=', filters.event)
    if (filters.before !== undefined) query = query.where('event_position', '<', filters.before)
    const rows = await query.orderBy('event_position', 'desc').limit(filters.limit).execute()
    const attempts = await attemptsOf(db, rows)
    return rows.map((row) => toDeliveryView(row, attempts.get(row.id) ?? []))
  }
}

export class GetWebhookDelivery extends Query<DeliveryView> {
  readonly caller: Caller
  readonly webhookId: string
  readonly deliveryId: string
  constructor(caller: Caller, webhookId: string, deliveryId: string) {
    super()
    this.caller = caller
    this.webhookId = webhookId
    this.deliveryId = deliveryId
  }
}

/** One delivery with every attempt and the body it sends. */
export class GetWebhookDeliveryHandler implements IQueryHandler<GetWebhookDelivery> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, webhookId, deliveryId }: GetWebhookDelivery): Promise<DeliveryView> {
    const row = await findDelivery(this.#deps, caller, webhookId, deliveryId)
    const attempts = await attemptsOf(this.#deps.db, [row])
    return toDeliveryView(row, attempts.get(row.id) ?? [], true)
  }
}

export async function findDelivery(deps: AppDeps, caller: Caller, webhookId: string, deliveryId: string): Promise<Selectable<WebhookDeliveriesTable>> {
  await findWebhookFor(deps.db, caller, webhookId)
  const row = /^[0-9a-f-]{36}$/i.test(deliveryId)
    ? await deps.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).where('webhook_id', '=', webhookId).executeTakeFirst()
    : undefined
  if (!row) throw new NotFoundError(`delivery ${deliveryId} of webhook ${webhookId} not found`)
  return row
}

async function attemptsOf(db: Kysely<WebhooksTables>, rows: readonly Selectable<WebhookDeliveriesTable>[]): Promise<Map<string, Selectable<WebhookAttemptsTable>[]>> {
  const byDelivery = new Map<string, Selectable<WebhookAttemptsTable>[]>()
  if (rows.length === 0) return byDelivery
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('delivery_id', 'in', rows.map((r) => r.id))
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute()
  for (const attempt of attempts) {
    const list = byDelivery.get(attempt.delivery_id) ?? []
    list.push(attempt)
    byDelivery.set(attempt.delivery_id, list)
  }
  return byDelivery
}
