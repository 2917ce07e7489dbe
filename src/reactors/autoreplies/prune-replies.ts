import type { Kysely } from 'kysely'
import type { AutoRepliesTables } from './tables.ts'

/**
 * Forgets settled replies and cooldowns older than `before`. Safe while the projection runs: an old
 * cooldown no longer holds anything back, and no replay decides on a message that old (max age).
 */
export async function pruneReplies(db: Kysely<AutoRepliesTables>, before: Date): Promise<void> {
  await db.deleteFrom('autoreply_replies').where('status', '!=', 'PENDING').where('updated_at', '<', before).execute()
  await db.deleteFrom('autoreply_cooldowns').where('replied_at', '<', before).execute()
}
