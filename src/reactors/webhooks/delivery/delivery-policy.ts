import type { RetryPolicy } from '../../../domain/webhooks/retry-policy.ts'

/** How this node delivers webhooks (WEBHOOK_* settings). */
export interface DeliveryPolicy {
  /** One attempt (connect, send, answer) must finish within this. */
  readonly timeoutMs: number
  readonly retry: RetryPolicy
  /** Lanes (webhook × session) this node works at once. */
  readonly concurrency: number
  /** How long a lane stays with a node that stopped renewing it (crashed) before another takes it. */
  readonly leaseMs: number
  /** Finished deliveries and their attempts are forgotten after this. */
  readonly retentionMs: number
}
