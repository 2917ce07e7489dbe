import { sql, type Kysely } from 'kysely'

/**
 * contacts: the people each session knows (contact.update: names, picture) and whom it blocks
 * (contact.blocklist), under one canonical JID per person (the number when known, else the LID).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contacts')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('jid', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('notify', 'text')
    .addColumn('profile_pic', 'text')
    .addColumn('blocked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('contacts_pkey', ['session_id', 'jid'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contacts').execute()
}
