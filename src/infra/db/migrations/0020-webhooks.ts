import { sql, type Kysely } from 'kysely'

/**
 * Webhooks: the read model, the router's own copy of who owns and may see which session, the
 * delivery queue (one row per webhook × event, in lanes per webhook × session), every attempt, and
 * replay jobs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('sealed_secret', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('events', 'jsonb', (c) => c.notNull())
    .addColumn('is_active', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('webhooks_user').on('webhooks').columns(['user_id', 'created_at']).execute()

  // The router decides from the log alone, in log order: it keeps its own copy of session owners and
  // of users' roles and assignments instead of reading other projections that may lag behind it.
  await db.schema
    .createTable('webhook_routing_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('webhook_routing_users')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('assigned_session_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
  // routed_through survives a rebuild of the read model, so a rebuild never routes (sends) an event
  // twice; version moves with every change of what routing knows, so a node knows when its cache is stale.
  await db.schema
    .createTable('webhook_router_state')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('routed_through', 'bigint', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('event_position', 'bigint', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    // The exact bytes sent, fixed when the event was routed: every attempt sends the same body.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('round_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('round_started_at', 'timestamptz')
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull())
    .addColumn('requeued_position', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('last_latency_ms', 'integer')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_webhook_event', ['webhook_id', 'event_id'])
    .execute()
  // A lane's head: its pending delivery with the lowest position.
  await sql`CREATE INDEX webhook_deliveries_lane ON webhook_deliveries (webhook_id, session_id, event_position) WHERE state = 'pending'`.execute(db)
  // The delivery log of a webhook, newest first.
  await db.schema.createIndex('webhook_deliveries_log').on('webhook_deliveries').columns(['webhook_id', 'event_position']).execute()
  await sql`CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE state <> 'pending'`.execute(db)

  // One row per webhook × session: the unit of ordering and of leasing (one node delivers a lane at a time).
  await db.schema
    .createTable('webhook_lanes')
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'timestamptz')
    .addPrimaryKeyConstraint('webhook_lanes_pk', ['webhook_id', 'session_id'])
    .execute()
  await sql`CREATE INDEX webhook_lanes_due ON webhook_lanes (due_at) WHERE due_at IS NOT NULL`.execute(db)

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('delivery_id', 'uuid', (c) => c.notNull())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('node_id', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'attempt']).execute()

  await db.schema
    .createTable('webhook_replays')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('after_position', 'bigint', (c) => c.notNull())
    .addColumn('to_position', 'bigint', (c) => c.notNull())
    .addColumn('since', 'timestamptz')
    .addColumn('request_position', 'bigint', (c) => c.notNull())
    .addColumn('cursor', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .execute()
  await sql`CREATE INDEX webhook_replays_running ON webhook_replays (requested_at) WHERE state = 'running'`.execute(db)

  // "Replay since a time": finds the first position at a time without scanning the log.
  await db.schema.createIndex('events_occurred_at').on('events').column('occurred_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_occurred_at').execute()
  for (const table of ['webhook_replays', 'webhook_attempts', 'webhook_lanes', 'webhook_deliveries', 'webhook_router_state', 'webhook_routing_users', 'webhook_routing_sessions', 'webhooks']) {
    await db.schema.dropTable(table).execute()
  }
}
