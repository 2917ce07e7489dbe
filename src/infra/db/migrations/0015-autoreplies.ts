import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // The rules (GET /api/autoreplies), in the order they are tried: their creation's place in the log.
  await db.schema
    .createTable('autoreply_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('keyword', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('match_type', 'text', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  await sql`CREATE INDEX autoreply_rules_session ON autoreply_rules (session_id, position) WHERE deleted_at IS NULL`.execute(db)

  // The consumer's own copy of each session's autoReplyEnabled, as of the event it is deciding on.
  await db.schema
    .createTable('autoreply_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .execute()

  // The last auto-reply decided per chat: the cooldown, shared by every node and kept across restarts.
  await db.schema
    .createTable('autoreply_cooldowns')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('chat_jid', 'text', (c) => c.notNull())
    .addColumn('replied_at', 'timestamptz', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('autoreply_cooldowns_pk', ['session_id', 'chat_jid'])
    .execute()

  // Each reply decided (one per triggering event at most) and what became of it: an outbox the node
  // that runs the session drains.
  await db.schema
    .createTable('autoreply_replies')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('chat_jid', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('trigger_key_id', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await sql`CREATE INDEX autoreply_replies_pending ON autoreply_replies (session_id, position) WHERE status = 'PENDING'`.execute(db)
  await db.schema.createIndex('autoreply_replies_updated').on('autoreply_replies').column('updated_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('autoreply_replies').execute()
  await db.schema.dropTable('autoreply_cooldowns').execute()
  await db.schema.dropTable('autoreply_sessions').execute()
  await db.schema.dropTable('autoreply_rules').execute()
}
