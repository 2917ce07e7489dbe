import { sql, type Kysely } from 'kysely'
import type { IdempotencyClaim, IdempotencyStore, IdempotentResult } from '../../domain/ports/idempotency-store.ts'

export interface IdempotencyKeysTable {
  scope: string
  key: string
  request_hash: string
  result: IdempotentResult | null
  created_at: Date
}

export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable
}

/** A claim left in flight this long belongs to a request whose node died: it may be taken over. */
const ABANDONED_AFTER_MS = 2 * 60 * 1000

/** Keys in Postgres: the primary key (scope, key) makes the first claim win, on any node. */
export class PostgresIdempotencyStore implements IdempotencyStore {
  readonly #db: Kysely<IdempotencyTables>
  constructor(db: Kysely<IdempotencyTables>) {
    this.#db = db
  }

  async claim(scope: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const inserted = await this.#db
      .insertInto('idempotency_keys')
      .values({ scope, key, request_hash: requestHash, result: null, created_at: new Date() })
      .onConflict((c) => c.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst()
    if (inserted) return { state: 'claimed' }
    const row = await this.#db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key', '=', key).executeTakeFirst()
    if (!row) return this.claim(scope, key, requestHash)
    if (row.request_hash !== requestHash) return { state: 'mismatch' }
    if (row.result) return { state: 'done', result: row.result }
    if (Date.now() - row.created_at.getTime() > ABANDONED_AFTER_MS) {
      const taken = await this.#db
        .updateTable('idempotency_keys')
        .set({ created_at: new Date() })
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('result', 'is', null)
        .where('created_at', '=', row.created_at)
        .executeTakeFirst()
      if (taken.numUpdatedRows > 0n) return { state: 'claimed' }
    }
    return { state: 'in-flight' }
  }

  async complete(scope: string, key: string, result: IdempotentResult): Promise<void> {
    await this.#db
      .updateTable('idempotency_keys')
      .set({ result: sql`${JSON.stringify(result)}::jsonb` as never })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute()
  }

  async release(scope: string, key: string): Promise<void> {
    await this.#db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key', '=', key).where('result', 'is', null).execute()
  }
}
