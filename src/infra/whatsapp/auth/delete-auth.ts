import type { Kysely } from 'kysely'
import type { WaAuthTables } from './tables.ts'

/** Forgets a session's credentials and keys (logout, deletion): the next start needs a new QR. */
export async function deleteAuth(db: Kysely<WaAuthTables>, sessionId: string): Promise<void> {
  await db.deleteFrom('wa_auth').where('session_id', '=', sessionId).execute()
}
