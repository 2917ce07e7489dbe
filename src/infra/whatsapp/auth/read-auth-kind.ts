import type { Kysely } from 'kysely'
import type { WaAuthTables } from './tables.ts'

/** Every sealed value of one kind whose id ends with `suffix`. */
export async function readAuthKind(db: Kysely<WaAuthTables>, sessionId: string, kind: string, suffix = ''): Promise<Map<string, string>> {
  let query = db.selectFrom('wa_auth').select(['key_id', 'sealed']).where('session_id', '=', sessionId).where('kind', '=', kind)
  if (suffix) query = query.where('key_id', 'like', `%${suffix.replace(/[\\%_]/g, (c) => `\\${c}`)}`)
  const rows = await query.execute()
  return new Map(rows.map((r) => [r.key_id, r.sealed]))
}
