import type { Kysely } from 'kysely'
import type { AutoRepliesTables } from './tables.ts'

export type ReplyOutcome = { status: 'SENT'; messageId: string } | { status: 'FAILED'; error: string } | { status: 'EXPIRED' }

/** Records what became of a pending reply; a reply settled already (by another node) stays as it is. */
export async function settleReply(db: Kysely<AutoRepliesTables>, eventId: string, outcome: ReplyOutcome, now: Date): Promise<void> {
  await db
    .updateTable('autoreply_replies')
    .set({
      status: outcome.status,
      message_id: outcome.status === 'SENT' ? outcome.messageId : null,
      error: outcome.status === 'FAILED' ? outcome.error : null,
      updated_at: now,
    })
    .where('event_id', '=', eventId)
    .where('status', '=', 'PENDING')
    .execute()
}
