import { timingSafeEqual } from 'node:crypto'
import { sql, type Kysely, type Selectable } from 'kysely'
import type { Caller } from '../../domain/identity/caller.ts'
import type { TokenHasher } from '../../domain/ports/crypto.ts'
import type { UsersTable, UsersTables } from '../../projections/users/tables.ts'
import { API_KEY_PREFIX } from './tokens.ts'

/**
 * Turns a request's credential into a Caller, reading the users read model on every request (no
 * cache), so a replaced or revoked key, a logout or a disabled user stop working at once on every node.
 */
export class Authenticator {
  readonly #db: Kysely<UsersTables>
  readonly #apiKeys: TokenHasher
  readonly #logins: TokenHasher

  constructor(db: Kysely<UsersTables>, hashers: { apiKeys: TokenHasher; logins: TokenHasher }) {
    this.#db = db
    this.#apiKeys = hashers.apiKeys
    this.#logins = hashers.logins
  }

  async byApiKey(key: string): Promise<Caller | null> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null
    const hash = this.#apiKeys.hash(key)
    const row = await this.#db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .selectAll('users')
      .select('api_keys.key_hash')
      .where('api_keys.key_hash', '=', hash)
      .executeTakeFirst()
    // The index finds the row; the comparison that decides is constant-time.
    if (!row || !sameHash(row.key_hash, hash)) return null
    return toCaller(row, 'api-key')
  }

  async bySessionToken(token: string): Promise<Caller | null> {
    if (token.length < 20 || token.length > 200) return null
    const hash = this.#logins.hash(token)
    const row = await this.#db
      .selectFrom('login_sessions')
      .innerJoin('users', 'users.id', 'login_sessions.user_id')
      .selectAll('users')
      .select('login_sessions.token_hash')
      .where('login_sessions.token_hash', '=', hash)
      .where('login_sessions.expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst()
    if (!row || !sameHash(row.token_hash, hash)) return null
    return toCaller(row, 'cookie')
  }
}

function sameHash(stored: string, computed: string): boolean {
  const a = Buffer.from(stored)
  const b = Buffer.from(computed)
  return a.length === b.length && timingSafeEqual(a, b)
}

function toCaller(row: Selectable<UsersTable>, via: Caller['via']): Caller | null {
  if (row.disabled) return null
  return { userId: row.id, email: row.email, role: row.role, assignedSessionIds: row.assigned_session_ids, via }
}
