import { Command, Query, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs'
import { randomUUID } from 'node:crypto'
import { NotFoundError, ValidationError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { webhookStreamId } from '../../domain/webhooks/webhook-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { awaitWebhooks, findWebhookFor } from './find-webhook.ts'
import { webhookDecider } from '../../domain/webhooks/webhook-decider.ts'
import { toReplayView, type ReplayView } from './webhook-view.ts'

/** Where a replay starts: at a position of the log (inclusive), or at a time. */
export type ReplayFrom = { readonly fromPosition: bigint } | { readonly since: Date }

export class ReplayWebhook extends Command<ReplayView> {
  readonly caller: Caller
  readonly webhookId: string
  readonly from: ReplayFrom
  constructor(caller: Caller, webhookId: string, from: ReplayFrom) {
    super()
    this.caller = caller
    this.webhookId = webhookId
    this.from = from
  }
}

/**
 * Sends again every event since a position or a time, up to now, that the webhook wants (by its
 * current events, session and owner): in a background job that survives restarts. Each event keeps
 * its X-Webhook-Id; within a session they go out in log order, ahead of newer pending ones.
 */
export class ReplayWebhookHandler implements ICommandHandler<ReplayWebhook> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, webhookId, from }: ReplayWebhook): Promise<ReplayView> {
    const { db, store } = this.#deps
    await findWebhookFor(db, caller, webhookId)
    const head = await store.headPosition()
    let afterPosition: bigint
    if ('fromPosition' in from) {
      if (from.fromPosition < 1n) throw new ValidationError('fromPosition must be 1 or more')
      // User input: KurrentDB can read only from a record, so the number becomes the bound before it.
      afterPosition = await store.alignAfter(from.fromPosition - 1n)
    } else {
      afterPosition = await store.positionAt(from.since)
    }
    if (afterPosition > head) afterPosition = head
    const replayId = randomUUID()
    const { position } = await handleCommand(
      store,
      webhookStreamId(webhookId),
      webhookDecider,
      { type: 'RequestReplay', data: { webhookId, by: caller, replayId, afterPosition, toPosition: head, since: 'since' in from ? from.since : null } },
      causeOf(caller),
    )
    await awaitWebhooks(this.#deps, position)
    return this.#view(webhookId, replayId)
  }

  async #view(webhookId: string, replayId: string): Promise<ReplayView> {
    const row = await this.#deps.db.selectFrom('webhook_replays').selectAll().where('id', '=', replayId).where('webhook_id', '=', webhookId).executeTakeFirst()
    if (!row) throw new NotFoundError(`replay ${replayId} not found`)
    return toReplayView(row)
  }
}

export class GetWebhookReplay extends Query<ReplayView> {
  readonly caller: Caller
  readonly webhookId: string
  readonly replayId: string
  constructor(caller: Caller, webhookId: string, replayId: string) {
    super()
    this.caller = caller
    this.webhookId = webhookId
    this.replayId = replayId
  }
}

/** How far a replay has come. */
export class GetWebhookReplayHandler implements IQueryHandler<GetWebhookReplay> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, webhookId, replayId }: GetWebhookReplay): Promise<ReplayView> {
    await findWebhookFor(this.#deps.db, caller, webhookId)
    const row = /^[0-9a-f-]{36}$/i.test(replayId)
      ? await this.#deps.db.selectFrom('webhook_replays').selectAll().where('id', '=', replayId).where('webhook_id', '=', webhookId).executeTakeFirst()
      : undefined
    if (!row) throw new NotFoundError(`replay ${replayId} of webhook ${webhookId} not found`)
    return toReplayView(row)
  }
}
