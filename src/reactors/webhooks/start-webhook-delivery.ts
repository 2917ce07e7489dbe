import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Bus } from '../../domain/ports/bus.ts'
import type { SecretBox } from '../../domain/ports/crypto.ts'
import type { EventStore } from '../../domain/ports/event-store.ts'
import type { Metrics } from '../../domain/ports/metrics.ts'
import type { WebhookSender } from '../../domain/ports/webhook-sender.ts'
import { WebhookEventTypes } from '../../domain/webhooks/webhook-events.ts'
import { idOfStream } from '../../domain/streams.ts'
import type { ProjectionRunner } from '../../consumers/projection-runner.ts'
import type { DeliveryPolicy } from './delivery/delivery-policy.ts'
import { WebhookDeliverer } from './delivery/webhook-deliverer.ts'
import type { WebhooksTables } from './tables.ts'
import type { RoutedBatches } from './routing/routed-batches.ts'
import { WEBHOOKS_PROJECTION } from './webhooks-projection.ts'

export interface WebhookDeliveryOptions {
  readonly db: Kysely<WebhooksTables>
  readonly store: EventStore
  readonly bus: Bus
  /** Must run the webhooks projection, made with `routed`: the deliverer wakes as it routes. */
  readonly projections: ProjectionRunner
  readonly routed: RoutedBatches
  readonly sender: WebhookSender
  readonly box: SecretBox
  readonly logger: Logger
  readonly nodeId: string
  readonly policy: DeliveryPolicy
  readonly metrics?: Pick<Metrics, 'webhookAttempted'>
}

const CHANGES = new Set<string>([WebhookEventTypes.updated, WebhookEventTypes.deleted])

/**
 * Starts this node's webhook deliverer, woken by the router's progress (no polling delay between an
 * event's routing and its first attempt) and told of webhook changes made on any node.
 */
export function startWebhookDelivery(options: WebhookDeliveryOptions): () => Promise<void> {
  const deliverer = new WebhookDeliverer(options)
  const unsubscribeProgress = options.projections.onProgress(WEBHOOKS_PROJECTION, () => deliverer.routed(options.routed.take()))
  const unsubscribeChanges = options.bus.onEvents((events) => {
    for (const event of events) {
      const webhookId = CHANGES.has(event.type) ? idOfStream(event.streamId, 'webhook') : null
      if (webhookId === null) continue
      void options.projections.waitFor(WEBHOOKS_PROJECTION, event.position, 10_000).then(() => deliverer.webhookChanged(webhookId))
    }
  })
  deliverer.start()
  return async () => {
    unsubscribeProgress()
    unsubscribeChanges()
    await deliverer.stop()
    await options.sender.close()
  }
}
