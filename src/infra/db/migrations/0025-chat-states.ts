import { type Kysely } from 'kysely'

/**
 * chats: the state of each chat on the account (POST /api/chat/modify and other devices' changes:
 * archived, pinned, muted, marked unread) and how many received messages are unread.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('chats')
    .addColumn('archived', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('pinned_at', 'timestamptz')
    .addColumn('muted_until', 'timestamptz')
    .addColumn('unread_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('marked_unread', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chats').dropColumn('archived').dropColumn('pinned_at').dropColumn('muted_until').dropColumn('unread_count').dropColumn('marked_unread').execute()
}
