import { sql, type Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'

/** One attempt and what it leaves the delivery as. */
export interface AttemptOutcome {
  readonly deliveryId: string
  readonly webhookId: string
  /** The attempt's number over the delivery's whole life. */
  readonly attempt: number
  readonly roundAttempts: number
  readonly roundStartedAt: Date
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly latencyMs: number
  readonly statusCode: number | null
  readonly error: string | null
  readonly state: 'delivered' | 'pending' | 'dead'
  /** For a delivery left pending: when to try again. */
  readonly nextAttemptAt: Date | null
}

/**
 * Writes a batch of attempts in one statement (so atomically): each delivery's new state, and the
 * attempt log. Only a pending delivery moves: one cancelled meanwhile (its webhook deleted) stays so.
 */
export async function recordOutcomes(db: Kysely<WebhooksTables>, outcomes: readonly AttemptOutcome[], nodeId: string): Promise<void> {
  if (outcomes.length === 0) return
  const values = outcomes.map(
    (o) => sql`(${o.deliveryId}::uuid, ${o.webhookId}::text, ${o.state}::text, ${o.attempt}::int, ${o.roundAttempts}::int, ${o.roundStartedAt}::timestamptz,
      ${o.nextAttemptAt}::timestamptz, ${o.statusCode}::int, ${o.error}::text, ${o.latencyMs}::int, ${o.startedAt}::timestamptz, ${o.finishedAt}::timestamptz)`,
  )
  await sql`
    WITH v (id, webhook_id, state, attempt, round_attempts, round_started_at, next_attempt_at, status_code, error, latency_ms, started_at, finished_at) AS (
      VALUES ${sql.join(values)}
    ), moved AS (
      UPDATE webhook_deliveries AS d SET
        state = v.state,
        attempts = greatest(d.attempts, v.attempt),
        round_attempts = v.round_attempts,
        round_started_at = v.round_started_at,
        next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
        last_status_code = v.status_code,
        last_error = v.error,
        last_latency_ms = v.latency_ms,
        last_attempt_at = v.started_at,
        delivered_at = CASE WHEN v.state = 'delivered' THEN v.finished_at ELSE d.delivered_at END,
        updated_at = now()
      FROM v
      WHERE d.id = v.id AND d.state = 'pending'
    )
    INSERT INTO webhook_attempts (delivery_id, webhook_id, attempt, started_at, latency_ms, status_code, error, node_id)
    SELECT id, webhook_id, attempt, started_at, latency_ms, status_code, error, ${nodeId} FROM v`.execute(db)
}
