import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('remote_jid', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('from_me', 'boolean', (c) => c.notNull())
    .addColumn('sender_jid', 'text')
    .addColumn('push_name', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('content', 'text')
    .addColumn('raw', 'jsonb')
    .addColumn('media', 'jsonb')
    .addColumn('media_url', 'text')
    .addColumn('status', 'text')
    .addColumn('timestamp', 'timestamptz', (c) => c.notNull())
    .addColumn('quote_id', 'text')
    .addColumn('reactions', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('origin', 'text')
    /** Set by message.sent/received; a row made by an early receipt waits for it. */
    .addColumn('complete', 'boolean', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('messages_key', ['session_id', 'remote_jid', 'key_id', 'from_me'])
    .execute()
  // Keyset pages of one chat, newest first: (timestamp, position) is unique and stable.
  await sql`CREATE INDEX messages_chat_page ON messages (session_id, remote_jid, timestamp DESC, position DESC)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('messages').execute()
}
