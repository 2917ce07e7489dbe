import type { Kysely, Selectable } from 'kysely'
import type { AutoRepliesTables, AutoReplyRepliesTable } from './tables.ts'

export type PendingReply = Selectable<AutoReplyRepliesTable>

/** The sessions that have replies waiting to go out. */
export async function sessionsWithPendingReplies(db: Kysely<AutoRepliesTables>): Promise<string[]> {
  const rows = await db.selectFrom('autoreply_replies').select('session_id').distinct().where('status', '=', 'PENDING').execute()
  return rows.map((r) => r.session_id)
}

/** A session's replies not yet sent, in the order they were decided. */
export async function listPendingReplies(db: Kysely<AutoRepliesTables>, sessionId: string, limit: number): Promise<PendingReply[]> {
  return db
    .selectFrom('autoreply_replies')
    .selectAll()
    .where('status', '=', 'PENDING')
    .where('session_id', '=', sessionId)
    .orderBy('position')
    .limit(limit)
    .execute()
}

/** The reply to one received message, while it waits to go out. */
export function findPendingReply(db: Kysely<AutoRepliesTables>, eventId: string): Promise<PendingReply | undefined> {
  return db.selectFrom('autoreply_replies').selectAll().where('event_id', '=', eventId).where('status', '=', 'PENDING').executeTakeFirst()
}
