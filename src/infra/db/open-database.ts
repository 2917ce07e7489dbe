import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { PGliteDialect } from './pglite-dialect.ts'
import { preparingPool } from './prepared-statements.ts'

const INT8_OID = 20

export type DatabaseKind = 'pglite' | 'postgres'

export interface DatabaseHandle<Schema> {
  readonly db: Kysely<Schema>
  readonly kind: DatabaseKind
  close(): Promise<void>
}

export interface OpenDatabaseOptions {
  /** A Postgres server (`postgres://…`); without it, PGlite embedded. */
  readonly url?: string
  /** PGlite's folder; without it (and without url), an in-memory PGlite. */
  readonly dataDir?: string
  readonly poolSize?: number
}

/** One SQL dialect everywhere: Postgres, on a server or embedded as PGlite. int8 arrives as bigint. */
export async function openDatabase<Schema>(options: OpenDatabaseOptions): Promise<DatabaseHandle<Schema>> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? BigInt : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    })
    // An idle client that loses its server must not crash the process; the next query reports it.
    pool.on('error', () => {})
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) })
    return { db, kind: 'postgres', close: () => db.destroy() }
  }
  const pglite = await PGlite.create(options.dataDir ?? 'memory://', {
    parsers: { [INT8_OID]: (value: string) => BigInt(value) },
  })
  const db = new Kysely<Schema>({ dialect: new PGliteDialect(pglite) })
  return { db, kind: 'pglite', close: () => db.destroy() }
}
