import type { Selectable } from 'kysely'
import type { SecretBox } from '../../domain/ports/crypto.ts'
import type { WebhookAttemptsTable, WebhookDeliveriesTable, WebhookReplaysTable, WebhooksTable } from '../../reactors/webhooks/tables.ts'

/** The seed's webhook, plus its owner. */
export interface WebhookView {
  id: string
  userId: string
  name: string
  url: string
  /** Shown as the seed shows it; stored sealed. */
  secret: string | null
  sessionId: string | null
  events: string[]
  isActive: boolean
  createdAt: string
  updatedAt: string
}

export function toWebhookView(row: Selectable<WebhooksTable>, box: SecretBox): WebhookView {
  let secret: string | null
  try {
    secret = box.open(row.sealed_secret)
  } catch {
    // Sealed with another GATEWAY_SECRET_KEY: unreadable; PATCH a new one.
    secret = null
  }
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    url: row.url,
    secret,
    sessionId: row.session_id,
    events: row.events,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

export interface AttemptView {
  attempt: number
  startedAt: string
  latencyMs: number
  statusCode: number | null
  error: string | null
  nodeId: string
}

export interface DeliveryView {
  id: string
  webhookId: string
  /** The event's id: the X-Webhook-Id header of every attempt. */
  eventId: string
  event: string
  sessionId: string
  /** The event's position in the log: what a replay from a position starts at. */
  eventPosition: string
  state: 'pending' | 'delivered' | 'dead' | 'cancelled'
  attempts: number
  /** For a pending delivery: when it is tried next. */
  nextAttemptAt: string | null
  lastStatusCode: number | null
  lastError: string | null
  lastLatencyMs: number | null
  lastAttemptAt: string | null
  deliveredAt: string | null
  createdAt: string
  updatedAt: string
  attemptLog: AttemptView[]
  /** Only on GET of one delivery: the body sent. */
  payload?: unknown
}

export function toDeliveryView(row: Selectable<WebhookDeliveriesTable>, attempts: readonly Selectable<WebhookAttemptsTable>[], withPayload = false): DeliveryView {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    event: row.event_type,
    sessionId: row.session_id,
    eventPosition: row.event_position.toString(),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastLatencyMs: row.last_latency_ms,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    attemptLog: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.started_at.toISOString(),
      latencyMs: a.latency_ms,
      statusCode: a.status_code,
      error: a.error,
      nodeId: a.node_id,
    })),
    ...(withPayload ? { payload: JSON.parse(row.body) as unknown } : {}),
  }
}

export interface ReplayView {
  id: string
  webhookId: string
  state: 'running' | 'done' | 'cancelled'
  /** The range replayed: positions after `afterPosition` up to `toPosition` (the head when asked). */
  afterPosition: string
  toPosition: string
  since: string | null
  /** How far it has come, and how many deliveries it queued so far. */
  cursor: string
  queued: number
  requestedAt: string
  finishedAt: string | null
}

export function toReplayView(row: Selectable<WebhookReplaysTable>): ReplayView {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    state: row.state,
    afterPosition: row.after_position.toString(),
    toPosition: row.to_position.toString(),
    since: row.since?.toISOString() ?? null,
    cursor: row.cursor.toString(),
    queued: row.matched,
    requestedAt: row.requested_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  }
}
