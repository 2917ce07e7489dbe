import { createTestDatabase } from '../../tests/support/postgres.ts'

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

/** A fresh database on the Postgres server of DATABASE_URL (or the local default), dropped afterwards. */
export async function benchDatabase(): Promise<{ url: string; server: string; drop: () => Promise<void> }> {
  const server = process.env.DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL
  try {
    const { url, drop } = await createTestDatabase(server)
    return { url, server, drop }
  } catch (error) {
    throw new Error(
      `cannot reach Postgres at ${server} (${(error as Error).message}). The benchmarks need a real Postgres: set DATABASE_URL=postgres://user@host:5432/db`,
    )
  }
}
