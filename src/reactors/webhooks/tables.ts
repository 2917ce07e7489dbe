import type { ColumnType, Generated } from 'kysely'
import type { Role } from '../../domain/identity/caller.ts'

export interface WebhooksTable {
  id: string
  user_id: string
  name: string
  url: string
  sealed_secret: string
  session_id: string | null
  /** jsonb: written as JSON text. */
  events: ColumnType<string[], string, string>
  is_active: boolean
  created_at: Date
  updated_at: Date
  deleted_at: Date | null
}

export interface WebhookRoutingSessionsTable {
  session_id: string
  user_id: string
}

export interface WebhookRoutingUsersTable {
  user_id: string
  role: Role
  assigned_session_ids: ColumnType<string[], string | undefined, string>
  disabled: ColumnType<boolean, boolean | undefined, boolean>
}

export interface WebhookRouterStateTable {
  name: string
  /** Events up to here were routed before the last rebuild: never route them again. */
  routed_through: bigint
  /** Moves with every change of webhooks, owners or sessions: a cached routing view of another version is stale. */
  version: bigint
}

export type DeliveryState = 'pending' | 'delivered' | 'dead' | 'cancelled'

export interface WebhookDeliveriesTable {
  id: string
  webhook_id: string
  event_id: string
  event_position: bigint
  event_type: string
  session_id: string
  body: string
  state: DeliveryState
  /** Every attempt ever made. */
  attempts: ColumnType<number, number | undefined, number>
  /** Attempts since the delivery was (re)queued: what the retry policy counts. */
  round_attempts: ColumnType<number, number | undefined, number>
  round_started_at: Date | null
  next_attempt_at: Date
  /** Position of the last redelivery or replay request applied: the same request never applies twice. */
  requeued_position: ColumnType<bigint, bigint | undefined, bigint>
  last_status_code: number | null
  last_error: string | null
  last_latency_ms: number | null
  last_attempt_at: Date | null
  delivered_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface WebhookLanesTable {
  webhook_id: string
  session_id: string
  /** When the lane's head is due; null when the lane is empty. */
  due_at: Date | null
  lease_owner: string | null
  lease_until: Date | null
}

export interface WebhookAttemptsTable {
  id: Generated<bigint>
  delivery_id: string
  webhook_id: string
  attempt: number
  started_at: Date
  latency_ms: number
  status_code: number | null
  error: string | null
  node_id: string
}

export type ReplayState = 'running' | 'done' | 'cancelled'

export interface WebhookReplaysTable {
  id: string
  webhook_id: string
  after_position: bigint
  to_position: bigint
  since: Date | null
  request_position: bigint
  cursor: bigint
  state: ReplayState
  matched: ColumnType<number, number | undefined, number>
  requested_at: Date
  finished_at: Date | null
}

export interface WebhooksTables {
  webhooks: WebhooksTable
  webhook_routing_sessions: WebhookRoutingSessionsTable
  webhook_routing_users: WebhookRoutingUsersTable
  webhook_router_state: WebhookRouterStateTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_lanes: WebhookLanesTable
  webhook_attempts: WebhookAttemptsTable
  webhook_replays: WebhookReplaysTable
}
