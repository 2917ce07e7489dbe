import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('jid', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('subject', 'text')
    .addColumn('description', 'text')
    .addColumn('owner_jid', 'text')
    .addColumn('participants', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('creation', 'timestamptz')
    .addColumn('restrict', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('announce', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('invite_code', 'text')
    .addColumn('left', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['session_id', 'jid'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('groups').execute()
}
