import { sql, type Kysely } from 'kysely'

/**
 * contact_identities: the LID↔phone-number pairs each session has learnt (identity.mapped), so that
 * every route takes either form of a person's address and answers with both.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contact_identities')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('lid', 'text', (c) => c.notNull())
    .addColumn('pn', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('contact_identities_pkey', ['session_id', 'lid'])
    .execute()
  await sql`CREATE INDEX contact_identities_pn ON contact_identities (session_id, pn)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contact_identities').execute()
}
