import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The real Postgres the Postgres suites run against; unset, those suites are skipped (see global-setup.ts). */
export const DATABASE_URL = process.env.DATABASE_URL

/** A fresh database of its own on the server (for one test file or bench), dropped at the end. */
export async function createTestDatabase(serverUrl = DATABASE_URL): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!serverUrl) throw new Error('DATABASE_URL is not set')
  const name = `wag_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  await onServer(serverUrl, `CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
