import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { webhookStreamId } from '../../domain/webhooks/webhook-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { awaitWebhooks, findWebhookFor } from './find-webhook.ts'
import { webhookDecider } from '../../domain/webhooks/webhook-decider.ts'

export class DeleteWebhook extends Command<{ success: true }> {
  readonly caller: Caller
  readonly id: string
  constructor(caller: Caller, id: string) {
    super()
    this.caller = caller
    this.id = id
  }
}

/** Deletes a webhook: nothing more is sent to it; what was pending is cancelled. */
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhook> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, id }: DeleteWebhook): Promise<{ success: true }> {
    await findWebhookFor(this.#deps.db, caller, id)
    const { position } = await handleCommand(
      this.#deps.store,
      webhookStreamId(id),
      webhookDecider,
      { type: 'DeleteWebhook', data: { webhookId: id, by: caller } },
      causeOf(caller),
    )
    await awaitWebhooks(this.#deps, position)
    return { success: true }
  }
}
