/**
 * What the gateway counts and times where it happens, for `/metrics`. Implemented in
 * `src/infra/metrics/`; inner layers see only this. Every method is cheap and never throws.
 * Labels stay bounded: route patterns, statuses and outcomes, never message ids or JIDs.
 */
export interface Metrics {
  /** An HTTP request was answered. `route` is the mounted pattern (`/api/sessions/:id`), or `unmatched`. */
  httpRequestFinished(request: { readonly method: string; readonly route: string; readonly status: number; readonly seconds: number }): void
  /** A send waited this long for its turn under the session's pacing (0 when it went at once). */
  outboundPaced(seconds: number): void
  /**
   * A webhook delivery attempt ended: `delivered` (2xx), `retry` (failed, retried later) or `dead`
   * (dead-lettered). `recordedAt`: when the event was recorded, for the delivery lag of a 2xx.
   */
  webhookAttempted(outcome: WebhookAttemptOutcome, recordedAt: Date | null): void
}

export type WebhookAttemptOutcome = 'delivered' | 'retry' | 'dead'

/** Records nothing: the default where no registry is wired (unit tests, tools). */
export const noMetrics: Metrics = {
  httpRequestFinished() {},
  outboundPaced() {},
  webhookAttempted() {},
}
