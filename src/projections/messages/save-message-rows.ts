import type { Kysely } from 'kysely'
import { chunked } from '../fold-rows.ts'
import type { MessageRow } from './evolve-message-row.ts'
import type { MessagesTables } from './tables.ts'

const COLUMNS = [
  'session_id', 'remote_jid', 'key_id', 'from_me', 'sender_jid', 'push_name', 'type', 'content', 'raw', 'media', 'media_url',
  'status', 'timestamp', 'quote_id', 'reactions', 'revoked_at', 'edited_at', 'poll', 'origin', 'complete', 'position',
] as const

/** Writes whole rows, new or changed, in statements of 1,000 rows (22 parameters each). */
export async function saveMessageRows(db: Kysely<MessagesTables>, rows: readonly MessageRow[]): Promise<void> {
  for (const chunk of chunked(rows, 1000)) {
    await db
      .insertInto('messages')
      .values(
        chunk.map((row) => ({
          ...row,
          raw: row.raw == null ? null : JSON.stringify(row.raw),
          media: row.media == null ? null : JSON.stringify(row.media),
          reactions: JSON.stringify(row.reactions),
          poll: row.poll == null ? null : JSON.stringify(row.poll),
        })),
      )
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)]))))
      .execute()
  }
}
