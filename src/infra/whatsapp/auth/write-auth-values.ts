import { sql, type Kysely } from 'kysely'
import { preparedMarker } from '../../db/prepared-statements.ts'
import type { WaAuthTables } from './tables.ts'

export interface AuthWrite {
  readonly kind: string
  readonly keyId: string
  /** null deletes the value. */
  readonly sealed: string | null
}

/**
 * Upserts and deletes a batch of values in ONE statement (atomic, one round trip). Baileys writes a
 * Signal session update for every message it decrypts, so this is the hot path of every inbound
 * message: the commit does not wait for its WAL flush (synchronous_commit off, for this transaction
 * only). A gateway crash loses nothing committed; a database crash could lose the last few hundred
 * milliseconds of ratchet updates, which WhatsApp recovers from with a retry receipt. Events never
 * take this shortcut.
 */
export async function writeAuthValues(db: Kysely<WaAuthTables>, sessionId: string, writes: readonly AuthWrite[]): Promise<void> {
  if (writes.length === 0) return
  const upserts = writes.filter((w) => w.sealed !== null)
  const deletes = writes.filter((w) => w.sealed === null)
  await sql`${sql.raw(preparedMarker('wa-auth-write'))}
    WITH relaxed AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true) AS setting),
    upserted AS (
      INSERT INTO wa_auth (session_id, kind, key_id, sealed)
      SELECT ${sessionId}, u.kind, u.key_id, u.sealed
      FROM unnest(${upserts.map((w) => w.kind)}::text[], ${upserts.map((w) => w.keyId)}::text[], ${upserts.map((w) => w.sealed)}::text[]) AS u(kind, key_id, sealed)
      ON CONFLICT (session_id, kind, key_id) DO UPDATE SET sealed = excluded.sealed
    ),
    deleted AS (
      DELETE FROM wa_auth w
      USING unnest(${deletes.map((w) => w.kind)}::text[], ${deletes.map((w) => w.keyId)}::text[]) AS d(kind, key_id)
      WHERE w.session_id = ${sessionId} AND w.kind = d.kind AND w.key_id = d.key_id
    )
    SELECT setting FROM relaxed`.execute(db)
}
