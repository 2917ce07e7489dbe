import type { Kysely } from 'kysely'
import type { AutoRepliesTables } from './tables.ts'

/** Whether the session has autoReplyEnabled on, as of the events applied so far. */
export async function isAutoReplyEnabled(db: Kysely<AutoRepliesTables>, sessionId: string): Promise<boolean> {
  const row = await db.selectFrom('autoreply_sessions').select('enabled').where('session_id', '=', sessionId).executeTakeFirst()
  return row?.enabled ?? false
}

/**
 * Each session's switch as of the event being decided: read once per batch (a burst of messages asks
 * for it thousands of times) and kept in step with the batch's own session events.
 */
export class SessionSwitches {
  readonly #db: Kysely<AutoRepliesTables>
  readonly #known = new Map<string, boolean>()

  constructor(db: Kysely<AutoRepliesTables>) {
    this.#db = db
  }

  async isEnabled(sessionId: string): Promise<boolean> {
    let enabled = this.#known.get(sessionId)
    if (enabled === undefined) this.#known.set(sessionId, (enabled = await isAutoReplyEnabled(this.#db, sessionId)))
    return enabled
  }

  set(sessionId: string, enabled: boolean): void {
    this.#known.set(sessionId, enabled)
  }
}

/** When the chat last got an auto-reply decided (null: never, or long enough ago to be pruned). */
export async function lastReplyAt(db: Kysely<AutoRepliesTables>, sessionId: string, chatJid: string): Promise<Date | null> {
  const row = await db
    .selectFrom('autoreply_cooldowns')
    .select('replied_at')
    .where('session_id', '=', sessionId)
    .where('chat_jid', '=', chatJid)
    .executeTakeFirst()
  return row?.replied_at ?? null
}
