import { type Kysely } from 'kysely'

/**
 * chats.cleared_position: a chat deleted on the account (POST /api/chat/modify delete, or another
 * device) hides the messages recorded before it, as WhatsApp's apps do; the events stay in the store.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chats').addColumn('cleared_position', 'bigint').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chats').dropColumn('cleared_position').execute()
}
