import type { Kysely } from 'kysely'
import type { WaAuthTables } from './tables.ts'

/** The sealed values of one kind for the given ids (absent ids are left out). */
export async function readAuthValues(db: Kysely<WaAuthTables>, sessionId: string, kind: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('wa_auth')
    .select(['key_id', 'sealed'])
    .where('session_id', '=', sessionId)
    .where('kind', '=', kind)
    .where('key_id', 'in', [...ids])
    .execute()
  return new Map(rows.map((r) => [r.key_id, r.sealed]))
}
