import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

describe('first start', () => {
  const gateways: TestGateway[] = []
  afterAll(() => Promise.all(gateways.map((g) => g.close())))

  it('creates the SUPERADMIN from ADMIN_EMAIL and ADMIN_PASSWORD, once', async () => {
    const gw = await startTestGateway({ env: { ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'admin-password-1' } })
    gateways.push(gw)
    const login = await gw.request('POST', '/api/auth/login', { body: { email: 'root@example.com', password: 'admin-password-1' } })
    expect(login.status).toBe(200)
    expect(login.body.user).toMatchObject({ role: 'SUPERADMIN' })
    expect(gw.logs()).not.toContain('admin-password-1')
  })

  it('generates a password and prints it once when none is given', async () => {
    const gw = await startTestGateway()
    gateways.push(gw)
    const line = gw.logs().split('\n').find((l) => l.includes('initialPassword'))!
    const { email, initialPassword } = JSON.parse(line) as { email: string; initialPassword: string }
    expect(email).toBe('admin@localhost')
    expect((await gw.request('POST', '/api/auth/login', { body: { email, password: initialPassword } })).status).toBe(200)
  })

  it('does not mount the test endpoints unless GATEWAY_TEST_ENDPOINTS is on', async () => {
    const gw = await startTestGateway({ env: { GATEWAY_TEST_ENDPOINTS: '0' } })
    gateways.push(gw)
    expect((await gw.request('POST', '/api/test/create-user')).status).toBe(404)
  })
})

describe('secrets at rest', () => {
  it('keeps every key, password and the secret key out of the database, the event store, the files and the logs', async () => {
    const gw = await startTestGateway({ env: { ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'admin-password-1' } })
    try {
      const secrets: string[] = ['admin-password-1', 'user-password-42']
      const user = (await gw.request('POST', '/api/test/create-user', { body: { password: 'user-password-42' } })).body
      secrets.push(user.apiKey)
      secrets.push((await gw.request('POST', '/api/user/api-key', { key: user.apiKey })).body.apiKey)
      const login = await gw.request('POST', '/api/auth/login', { body: { email: user.email, password: 'user-password-42' } })
      secrets.push(/authjs\.session-token=([^;]+)/.exec(login.headers.getSetCookie().join(';'))![1]!)
      const secretKey = (await readFile(path.join(gw.dataDir, 'secret.key'), 'utf8')).trim()

      // Everything the database holds, as text: events, read models, checkpoints.
      const db = gw.gateway.db
      const tables = (await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`.execute(db)).rows
      let dump = ''
      for (const { tablename } of tables) dump += JSON.stringify((await sql`SELECT * FROM ${sql.table(tablename)}`.execute(db)).rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
      expect(dump).toContain(user.email)
      const logs = gw.logs()
      for (const secret of secrets) {
        expect(dump).not.toContain(secret)
        expect(logs).not.toContain(secret)
      }
      expect(dump).not.toContain(secretKey)
      expect(logs).not.toContain(secretKey)
      await gw.gateway.close()
      // On disk too (PGlite's files): only secret.key holds the key.
      for (const file of await filesUnder(gw.dataDir)) {
        if (path.basename(file) === 'secret.key') continue
        const bytes = await readFile(file)
        for (const secret of [...secrets, secretKey]) expect(bytes.includes(Buffer.from(secret))).toBe(false)
      }
    } finally {
      await gw.close().catch(() => {})
    }
  })
})
