import type { Kysely } from 'kysely'
import type { IdentityMappedData } from '../../domain/contacts/identity-events.ts'
import { chatKey } from './evolve-chat-row.ts'
import { loadChatRows } from './load-chat-rows.ts'
import { mergeChatRows } from './merge-chat-rows.ts'
import { saveChatRows } from './save-chat-rows.ts'
import type { ChatsTables } from './tables.ts'

/** A person's LID chat folded into their phone-number chat, never two chats for one person. */
export async function mergeChatIdentity(db: Kysely<ChatsTables>, sessionId: string, { lid, pn }: IdentityMappedData): Promise<void> {
  const rows = await loadChatRows(db, [chatKey(sessionId, lid), chatKey(sessionId, pn)])
  const lidRow = rows.get(chatKey(sessionId, lid))
  if (!lidRow) return
  await db.deleteFrom('chats').where('session_id', '=', sessionId).where('jid', '=', lid).execute()
  await saveChatRows(db, [mergeChatRows(lidRow, rows.get(chatKey(sessionId, pn)), pn)])
}
