import type { Kysely } from 'kysely'
import type { AutoRepliesTables } from './tables.ts'

/**
 * Drops the pending replies whose message is now too old to answer, whichever node runs (or no longer
 * runs) their session. Returns how many.
 */
export async function expireReplies(db: Kysely<AutoRepliesTables>, now: Date): Promise<number> {
  const result = await db
    .updateTable('autoreply_replies')
    .set({ status: 'EXPIRED', updated_at: now })
    .where('status', '=', 'PENDING')
    .where('expires_at', '<=', now)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
