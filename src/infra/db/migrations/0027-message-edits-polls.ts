import { type Kysely } from 'kysely'

/**
 * messages: when a message was last edited (message.edited changes its content), and a poll's
 * question, options and each voter's current choice (poll.vote), so a chat lists its results.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('edited_at', 'timestamptz').addColumn('poll', 'jsonb').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('messages').dropColumn('edited_at').dropColumn('poll').execute()
}
