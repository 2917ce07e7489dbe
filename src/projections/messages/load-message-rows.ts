import type { Kysely } from 'kysely'
import { chunked } from '../fold-rows.ts'
import type { MessageRow } from './evolve-message-row.ts'
import type { MessagesTables } from './tables.ts'

export async function loadMessageRows(db: Kysely<MessagesTables>, ids: readonly string[]): Promise<Map<string, MessageRow>> {
  const rows = new Map<string, MessageRow>()
  for (const chunk of chunked(ids, 1000)) {
    for (const row of await db.selectFrom('messages').selectAll().where('id', 'in', chunk).execute()) rows.set(row.id, row)
  }
  return rows
}
