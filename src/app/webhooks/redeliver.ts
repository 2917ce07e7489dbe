import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { ConflictError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { webhookStreamId } from '../../domain/webhooks/webhook-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { awaitWebhooks } from './find-webhook.ts'
import { findDelivery } from './list-deliveries.ts'
import { webhookDecider } from '../../domain/webhooks/webhook-decider.ts'
import { toDeliveryView, type DeliveryView } from './webhook-view.ts'

export class RedeliverWebhookDelivery extends Command<DeliveryView> {
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

/**
 * Sends one delivery again (delivered or dead alike), with the same X-Webhook-Id and a fresh retry
 * budget. It goes back to its place in its lane: before any newer pending delivery of that session.
 */
export class RedeliverWebhookDeliveryHandler implements ICommandHandler<RedeliverWebhookDelivery> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, webhookId, deliveryId }: RedeliverWebhookDelivery): Promise<DeliveryView> {
    const delivery = await findDelivery(this.#deps, caller, webhookId, deliveryId)
    if (delivery.state === 'cancelled') throw new ConflictError(`delivery ${deliveryId} was cancelled`)
    const { position } = await handleCommand(
      this.#deps.store,
      webhookStreamId(webhookId),
      webhookDecider,
      { type: 'RequestRedelivery', data: { webhookId, by: caller, deliveryId: delivery.id } },
      causeOf(caller),
    )
    await awaitWebhooks(this.#deps, position)
    return toDeliveryView(await findDelivery(this.#deps, caller, webhookId, deliveryId), [])
  }
}
