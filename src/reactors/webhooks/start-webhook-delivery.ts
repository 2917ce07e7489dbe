import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { SecretBox } from '../../domain/ports/crypto.ts'
import type { EventStore } from '../../domain/ports/event-store.ts'
import type { Metrics } from '../../domain/ports/metrics.ts'
import type { WebhookSender } from '../../domain/ports/webhook-sender.ts'
import type { ProjectionRunner } from '../../consumers/projection-runner.ts'
import type { DeliveryPolicy } from './delivery/delivery-policy.ts'
import { WebhookDeliverer } from './delivery/webhook-deliverer.ts'
import type { WebhooksTables } from './tables.ts'
import { WEBHOOKS_PROJECTION } from './webhooks-projection.ts'

export interface WebhookDeliveryOptions {
  readonly db: Kysely<WebhooksTables>
  readonly store: EventStore
  /** Must run the webhooks projection: the deliverer wakes on its progress. */
  readonly projections: ProjectionRunner
  readonly sender: WebhookSender
  readonly box: SecretBox
  readonly logger: Logger
  readonly nodeId: string
  readonly policy: DeliveryPolicy
  readonly metrics?: Pick<Metrics, 'webhookAttempted'>
}

/**
 * Starts this node's webhook deliverer, woken by the webhooks consumer's progress: after each batch
 * it applied, or found applied by another node (every node walks every batch), so there is no polling
 * delay between an event's routing and its first attempt, and webhook changes made on any node are
 * heard once the read model has them.
 */
export function startWebhookDelivery(options: WebhookDeliveryOptions): () => Promise<void> {
  const deliverer = new WebhookDeliverer(options)
  const unsubscribe = options.projections.onProgress(WEBHOOKS_PROJECTION, (events, position) => deliverer.progressed(events, position))
  deliverer.start()
  return async () => {
    unsubscribe()
    await deliverer.stop()
    await options.sender.close()
  }
}
