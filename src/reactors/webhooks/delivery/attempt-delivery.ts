import type { Logger } from 'pino'
import type { WebhookSender } from '../../../domain/ports/webhook-sender.ts'
import { afterFailure } from '../../../domain/webhooks/retry-policy.ts'
import { signatureHeaders } from '../../../domain/webhooks/webhook-signature.ts'
import type { DeliveryPolicy } from './delivery-policy.ts'
import type { OpenedSecrets } from './opened-secrets.ts'
import type { LaneDelivery } from './read-lane-page.ts'
import type { AttemptOutcome } from './record-outcomes.ts'

export interface AttemptDeps {
  readonly sender: WebhookSender
  readonly policy: DeliveryPolicy
  readonly secrets: OpenedSecrets
  readonly log: Logger
}

const USER_AGENT = 'wa-gateway-webhooks/1'

/**
 * One attempt of a delivery: the signed POST, and what follows from its answer: delivered, a retry
 * at the policy's next time, or dead-lettered after the last one. It records nothing itself.
 */
export async function attemptDelivery(d: LaneDelivery, deps: AttemptDeps): Promise<AttemptOutcome> {
  const { policy, sender, log } = deps
  const attempt = d.attempts + 1
  const startedAt = new Date()
  const t0 = performance.now()
  let response: { statusCode: number | null; error: string | null }
  const secret = deps.secrets.open(d.sealedSecret)
  if (secret === null) {
    response = { statusCode: null, error: 'the webhook secret cannot be opened (was GATEWAY_SECRET_KEY changed?); set a new secret' }
  } else {
    const timestamp = Math.floor(startedAt.getTime() / 1000)
    response = await sender.post({
      url: d.url,
      body: d.body,
      timeoutMs: policy.timeoutMs,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
        ...signatureHeaders(secret, { id: d.eventId, body: d.body, timestamp }),
        'X-Webhook-Event': d.eventType,
        'X-Webhook-Delivery-Id': d.id,
        'X-Webhook-Attempt': String(attempt),
      },
    })
  }
  const finishedAt = new Date()
  const base = {
    deliveryId: d.id,
    webhookId: d.webhookId,
    attempt,
    roundAttempts: d.roundAttempts + 1,
    roundStartedAt: d.roundStartedAt ?? startedAt,
    startedAt,
    finishedAt,
    latencyMs: Math.round(performance.now() - t0),
    statusCode: response.statusCode,
    error: response.error,
  }
  const ok = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300
  if (ok) return { ...base, state: 'delivered', nextAttemptAt: null }
  const decision = afterFailure(policy.retry, { attempts: base.roundAttempts, startedAt: base.roundStartedAt, now: finishedAt, statusCode: response.statusCode })
  const context = { webhookId: d.webhookId, deliveryId: d.id, eventId: d.eventId, attempt, statusCode: response.statusCode, error: response.error }
  if (decision.dead) {
    log.warn(context, 'webhook delivery dead-lettered after its last attempt')
    return { ...base, state: 'dead', nextAttemptAt: null }
  }
  log.info({ ...context, nextAttemptAt: decision.nextAttemptAt }, 'webhook delivery failed; will retry')
  return { ...base, state: 'pending', nextAttemptAt: decision.nextAttemptAt }
}
