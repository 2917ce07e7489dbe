import type { PostgresPool, PostgresPoolClient } from 'kysely'
import type pg from 'pg'

/** SQL that begins with this marker is prepared once per connection, under the given name. */
const PREPARED = /^\/\* prepared: ([a-z0-9-]+) \*\//

/** Marks a hot statement for preparation: `sql\`${sql.raw(preparedMarker('append-one'))} INSERT …\``. */
export const preparedMarker = (name: string) => `/* prepared: ${name} */`

/**
 * Kysely sends every query unnamed, so Postgres parses and plans it each time; for the event store's
 * hot statements planning costs more than the insert. This pool hands Kysely clients that send marked
 * statements as named prepared statements (planned once per connection). Only marked statements are
 * prepared, so the per-connection set stays small and fixed.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect()
      const query = (textOrCursor: unknown, values?: ReadonlyArray<unknown>) => {
        if (typeof textOrCursor !== 'string') return client.query(textOrCursor as pg.Submittable)
        const name = PREPARED.exec(textOrCursor)?.[1]
        const params = values ? [...values] : undefined
        return name ? client.query({ name, text: textOrCursor, values: params }) : client.query(textOrCursor, params)
      }
      return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() }
    },
    end: () => pool.end(),
  }
}
