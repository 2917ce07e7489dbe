import type { Kysely } from 'kysely'
import type { IdentityMappedData } from '../../domain/contacts/identity-events.ts'
import { messageRowId } from './evolve-message-row.ts'
import { loadMessageRows } from './load-message-rows.ts'
import { mergeMessageRows } from './merge-message-rows.ts'
import { saveMessageRows } from './save-message-rows.ts'
import type { MessagesTables } from './tables.ts'

/** A person's messages under their LID moved into their phone-number chat; their group messages name the number. */
export async function mergeMessageIdentity(db: Kysely<MessagesTables>, sessionId: string, { lid, pn }: IdentityMappedData): Promise<void> {
  await db.updateTable('messages').set({ sender_jid: pn }).where('session_id', '=', sessionId).where('sender_jid', '=', lid).execute()
  const lidRows = await db.selectFrom('messages').selectAll().where('session_id', '=', sessionId).where('remote_jid', '=', lid).execute()
  if (lidRows.length === 0) return
  const pnRows = await loadMessageRows(db, lidRows.map((r) => messageRowId(sessionId, pn, r.key_id, r.from_me)))
  const merged = lidRows.map((r) => mergeMessageRows(r, pnRows.get(messageRowId(sessionId, pn, r.key_id, r.from_me)), pn))
  await db.deleteFrom('messages').where('session_id', '=', sessionId).where('remote_jid', '=', lid).execute()
  await saveMessageRows(db, merged)
}
