import type { Kysely } from 'kysely'
import type { AutoRepliesTables } from './tables.ts'

export interface DueReply {
  readonly eventId: string
  readonly position: bigint
  readonly sessionId: string
  readonly chatJid: string
  readonly ruleId: string
  readonly triggerKeyId: string
  readonly response: string
  readonly expiresAt: Date
  /** When the triggering message was recorded: the chat's cooldown runs from here. */
  readonly receivedAt: Date
}

/**
 * Records a reply as due and starts the chat's cooldown, in the projection's transaction: the decision,
 * the cooldown and the checkpoint commit together. A reply already recorded for the event stays as it is.
 */
export async function recordReply(db: Kysely<AutoRepliesTables>, reply: DueReply, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('autoreply_replies')
    .values({
      event_id: reply.eventId,
      position: reply.position,
      session_id: reply.sessionId,
      chat_jid: reply.chatJid,
      rule_id: reply.ruleId,
      trigger_key_id: reply.triggerKeyId,
      response: reply.response,
      expires_at: reply.expiresAt,
      status: 'PENDING',
      message_id: null,
      error: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((c) => c.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst()
  await db
    .insertInto('autoreply_cooldowns')
    .values({ session_id: reply.sessionId, chat_jid: reply.chatJid, replied_at: reply.receivedAt, event_id: reply.eventId })
    .onConflict((c) => c.columns(['session_id', 'chat_jid']).doUpdateSet({ replied_at: reply.receivedAt, event_id: reply.eventId }))
    .execute()
  return inserted !== undefined
}
