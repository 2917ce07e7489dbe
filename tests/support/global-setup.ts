import { Socket } from 'node:net'
import pg from 'pg'

/**
 * Says up front which suites run against which real services, and which are skipped and why. When a
 * service is named but cannot be reached, the run stops here with what to do, instead of failing
 * suite by suite.
 */
export default async function setup(): Promise<void> {
  const { DATABASE_URL, NATS_URL } = process.env
  const lines: string[] = []
  if (DATABASE_URL) {
    await checkPostgres(DATABASE_URL)
    lines.push(`Postgres suites: running against ${redact(DATABASE_URL)}`)
  } else {
    lines.push('Postgres suites: SKIPPED (DATABASE_URL is not set; e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test)')
  }
  if (NATS_URL) {
    await checkTcp(NATS_URL, 4222, 'NATS')
    lines.push(`NATS suites: running against ${NATS_URL}`)
  } else {
    lines.push('NATS suites: SKIPPED (NATS_URL is not set; e.g. NATS_URL=nats://127.0.0.1:4222 npm test)')
  }
  lines.push('Embedded suites (PGlite, in-process bus, sandbox): running')
  console.log(`\n${lines.map((l) => `  ${l}`).join('\n')}\n`)
}

async function checkPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('select 1')
  } catch (error) {
    throw new Error(`DATABASE_URL is set but Postgres cannot be reached (${(error as Error).message}); start it or unset DATABASE_URL`)
  } finally {
    await client.end().catch(() => {})
  }
}

async function checkTcp(url: string, defaultPort: number, name: string): Promise<void> {
  const { hostname, port } = new URL(url.includes('://') ? url : `nats://${url}`)
  await new Promise<void>((resolve, reject) => {
    const socket = new Socket()
    const fail = (why: string) => {
      socket.destroy()
      reject(new Error(`${name}_URL is set but ${name} cannot be reached at ${hostname}:${port || defaultPort} (${why}); start it or unset the variable`))
    }
    socket.setTimeout(5000, () => fail('timeout'))
    socket.once('error', (error) => fail(error.message))
    socket.connect(Number(port || defaultPort), hostname || '127.0.0.1', () => {
      socket.end()
      resolve()
    })
  })
}

function redact(url: string): string {
  const u = new URL(url)
  if (u.password) u.password = '***'
  return u.toString()
}
