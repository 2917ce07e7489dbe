import { Query, type IQueryHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { findWebhookFor } from './find-webhook.ts'
import { toWebhookView, type WebhookView } from './webhook-view.ts'

export class ListWebhooks extends Query<WebhookView[]> {
  readonly caller: Caller
  constructor(caller: Caller) {
    super()
    this.caller = caller
  }
}

/** The caller's webhooks, oldest first; a superadmin sees everyone's. */
export class ListWebhooksHandler implements IQueryHandler<ListWebhooks> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller }: ListWebhooks): Promise<WebhookView[]> {
    let query = this.#deps.db.selectFrom('webhooks').selectAll().where('deleted_at', 'is', null)
    if (caller.role !== 'SUPERADMIN') query = query.where('user_id', '=', caller.userId)
    const rows = await query.orderBy('created_at').orderBy('id').execute()
    return rows.map((row) => toWebhookView(row, this.#deps.webhooks.box))
  }
}

export class GetWebhook extends Query<WebhookView> {
  readonly caller: Caller
  readonly id: string
  constructor(caller: Caller, id: string) {
    super()
    this.caller = caller
    this.id = id
  }
}

export class GetWebhookHandler implements IQueryHandler<GetWebhook> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, id }: GetWebhook): Promise<WebhookView> {
    return toWebhookView(await findWebhookFor(this.#deps.db, caller, id), this.#deps.webhooks.box)
  }
}
