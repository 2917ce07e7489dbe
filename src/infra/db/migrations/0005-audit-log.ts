import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('position', 'bigint', (c) => c.primaryKey())
    .addColumn('event_id', 'uuid', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('stream_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('subject_user_id', 'text')
    .addColumn('actor_kind', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('node_id', 'text')
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_log_session').on('audit_log').columns(['session_id', 'position']).execute()
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject_user_id', 'position']).execute()
  await db.schema.createIndex('audit_log_type').on('audit_log').columns(['type', 'position']).execute()
  await db.schema.createIndex('audit_log_occurred').on('audit_log').column('occurred_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute()
}
