import type { Kysely } from 'kysely'
import { chunked } from '../fold-rows.ts'
import { chatKey, parseChatKey, type ChatRow } from './evolve-chat-row.ts'
import type { ChatsTables } from './tables.ts'

export async function loadChatRows(db: Kysely<ChatsTables>, keys: readonly string[]): Promise<Map<string, ChatRow>> {
  const rows = new Map<string, ChatRow>()
  for (const chunk of chunked(keys, 1000)) {
    const found = await db
      .selectFrom('chats')
      .selectAll()
      .where(({ eb, refTuple, tuple }) =>
        eb(
          refTuple('session_id', 'jid'),
          'in',
          chunk.map((key) => tuple(...parseChatKey(key))),
        ),
      )
      .execute()
    for (const row of found) rows.set(chatKey(row.session_id, row.jid), row)
  }
  return rows
}
