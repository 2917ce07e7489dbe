import { sql, type Kysely } from 'kysely'
import type { LaneKey } from '../routing/insert-deliveries.ts'
import type { WebhooksTables } from '../tables.ts'

export interface Claimed {
  readonly lanes: LaneKey[]
  /** Milliseconds (by the database's clock) until another lane of an active webhook may be claimed; null when none waits. */
  readonly nextInMs: number | null
}

/**
 * Leases up to `limit` due lanes of active webhooks to `owner`, and tells when the next one will be
 * due, in one statement. Row locks with SKIP LOCKED decide between nodes claiming at once; the lease
 * (renewed while the lane is worked) keeps a lane with one node between claims, so one lane's
 * deliveries are never attempted by two nodes at a time.
 */
export async function claimLanes(db: Kysely<WebhooksTables>, owner: string, limit: number, leaseMs: number): Promise<Claimed> {
  const { rows } = await sql<{ webhook_id: string | null; session_id: string | null; next_ms: number | string | null }>`
    WITH picked AS (
      SELECT c.webhook_id, c.session_id
      FROM webhook_lanes AS c
      JOIN webhooks AS w ON w.id = c.webhook_id
      WHERE c.due_at <= now()
        AND (c.lease_until IS NULL OR c.lease_until < now())
        AND w.is_active AND w.deleted_at IS NULL
      ORDER BY c.due_at
      LIMIT ${limit}
      FOR UPDATE OF c SKIP LOCKED
    ), claimed AS (
      UPDATE webhook_lanes AS l
      SET lease_owner = ${owner}, lease_until = now() + ${leaseMs} * interval '1 millisecond'
      FROM picked
      WHERE l.webhook_id = picked.webhook_id AND l.session_id = picked.session_id
      RETURNING l.webhook_id, l.session_id
    )
    SELECT webhook_id, session_id, NULL AS next_ms FROM claimed
    UNION ALL
    SELECT NULL, NULL, extract(epoch FROM min(CASE WHEN l.lease_until > l.due_at THEN l.lease_until ELSE l.due_at END) - now()) * 1000
    FROM webhook_lanes AS l JOIN webhooks AS w ON w.id = l.webhook_id
    WHERE l.due_at IS NOT NULL AND w.is_active AND w.deleted_at IS NULL
      AND (l.webhook_id, l.session_id) NOT IN (SELECT webhook_id, session_id FROM claimed)
      AND (l.lease_owner IS DISTINCT FROM ${owner} OR l.lease_until < now())`.execute(db)
  const lanes: LaneKey[] = []
  let nextInMs: number | null = null
  for (const row of rows) {
    if (row.webhook_id !== null && row.session_id !== null) lanes.push({ webhookId: row.webhook_id, sessionId: row.session_id })
    else if (row.next_ms !== null) nextInMs = Number(row.next_ms)
  }
  return { lanes, nextInMs }
}
