import type { Kysely } from 'kysely'
import { chunked } from '../fold-rows.ts'
import type { ChatRow } from './evolve-chat-row.ts'
import type { ChatsTables } from './tables.ts'

const COLUMNS = ['is_group', 'name', 'notify', 'profile_pic', 'last_message', 'last_message_at', 'last_position', 'archived', 'pinned_at', 'muted_until', 'unread_count', 'marked_unread', 'cleared_position', 'updated_at'] as const

/** Writes whole rows, new or changed, in statements of 1,000 rows (16 parameters each). */
export async function saveChatRows(db: Kysely<ChatsTables>, rows: readonly ChatRow[]): Promise<void> {
  for (const chunk of chunked(rows, 1000)) {
    await db
      .insertInto('chats')
      .values(chunk.map((row) => ({ ...row, last_message: row.last_message == null ? null : JSON.stringify(row.last_message) })))
      .onConflict((oc) => oc.columns(['session_id', 'jid']).doUpdateSet((eb) => Object.fromEntries(COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))))
      .execute()
  }
}
