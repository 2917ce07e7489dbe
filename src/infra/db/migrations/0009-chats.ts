import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('chats')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('jid', 'text', (c) => c.notNull())
    .addColumn('is_group', 'boolean', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('notify', 'text')
    .addColumn('profile_pic', 'text')
    .addColumn('last_message', 'jsonb')
    .addColumn('last_message_at', 'timestamptz')
    /** Arrival order: WhatsApp's timestamps have whole seconds, so messages of one second tie. */
    .addColumn('last_position', 'bigint')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('chats_pk', ['session_id', 'jid'])
    .execute()
  await sql`CREATE INDEX chats_recent ON chats (session_id, last_message_at DESC NULLS LAST, last_position DESC NULLS LAST, jid)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('chats').execute()
}
