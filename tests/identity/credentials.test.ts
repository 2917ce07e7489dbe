import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

const cookieOf = (headers: Headers) => headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')

describe('API keys, cookie login and user administration', () => {
  let gw: TestGateway
  let admin: { id: string; email: string; apiKey: string }
  const create = async (role: string, password = 'password-123') =>
    (await gw.request('POST', '/api/test/create-user', { body: { role, password } })).body as { id: string; email: string; apiKey: string }

  beforeAll(async () => {
    gw = await startTestGateway()
    admin = await create('SUPERADMIN')
  })
  afterAll(() => gw?.close())

  it('shows, replaces and revokes the API key; a replaced or revoked key stops working at once', async () => {
    const user = await create('OWNER')
    expect((await gw.request('GET', '/api/user/api-key', { key: user.apiKey })).body).toEqual({ apiKey: user.apiKey })
    const issued = await gw.request('POST', '/api/user/api-key', { key: user.apiKey })
    expect(issued.status).toBe(200)
    const fresh = issued.body.apiKey as string
    expect(fresh).toMatch(/^wag_[0-9A-Za-z]{40}$/)
    expect((await gw.request('GET', '/api/sessions', { key: user.apiKey })).status).toBe(401)
    expect((await gw.request('GET', '/api/user/api-key', { key: fresh })).body).toEqual({ apiKey: fresh })
    expect((await gw.request('DELETE', '/api/user/api-key', { key: fresh })).body).toEqual({ success: true })
    expect((await gw.request('GET', '/api/sessions', { key: fresh })).status).toBe(401)
    expect((await gw.request('GET', '/api/sessions', { key: 'wag_notakey' })).status).toBe(401)
  })

  it('logs in with a cookie of the seed\'s name, guards writes against cross-site requests, and logs out', async () => {
    const user = await create('OWNER', 'correct-password')
    const login = await gw.request('POST', '/api/auth/login', { body: { email: user.email.toUpperCase(), password: 'correct-password' } })
    expect(login.status).toBe(200)
    const [session] = login.headers.getSetCookie().filter((c) => c.startsWith('authjs.session-token='))
    expect(session).toMatch(/HttpOnly/i)
    expect(session).toMatch(/SameSite=Lax/i)
    expect(session).not.toMatch(/Secure/i) // plain HTTP here; Secure when served over HTTPS
    const cookie = cookieOf(login.headers)
    const csrf = /wag\.csrf=([^;]+)/.exec(cookie)![1]!

    expect((await gw.request('GET', '/api/auth/me', { cookie })).body).toMatchObject({ id: user.id, email: user.email, role: 'OWNER', via: 'cookie' })
    expect((await gw.request('GET', '/api/sessions', { cookie })).status).toBe(200)
    const write = (headers: Record<string, string>) => gw.request('POST', '/api/sessions', { cookie, headers, body: { name: 'x' } })
    expect((await write({})).status).toBe(403)
    expect((await write({ origin: 'https://evil.example' })).status).toBe(403)
    expect((await write({ origin: gw.url })).status).toBe(200)
    expect((await write({ 'x-csrf-token': csrf })).status).toBe(200)
    expect((await write({ 'x-csrf-token': 'wrong' })).status).toBe(403)

    expect((await gw.request('POST', '/api/auth/logout', { cookie, headers: { origin: gw.url } })).body).toEqual({ success: true })
    expect((await gw.request('GET', '/api/sessions', { cookie })).status).toBe(401)
  })

  it('refuses wrong passwords alike for unknown and known accounts, then rate-limits the account', async () => {
    const user = await create('OWNER', 'right-password')
    const unknown = await gw.request('POST', '/api/auth/login', { body: { email: 'nobody@example.com', password: 'whatever' } })
    expect([unknown.status, unknown.body]).toEqual([401, { error: 'invalid e-mail or password' }])
    // Three failures are free; then the account slows down (5 s, 10 s, 20 s …) before it locks.
    for (let i = 0; i < 3; i++) {
      expect((await gw.request('POST', '/api/auth/login', { body: { email: user.email, password: `wrong-${i}` } })).status).toBe(401)
    }
    const blocked = await gw.request('POST', '/api/auth/login', { body: { email: user.email, password: 'right-password' } })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(blocked.body.error).toMatch(/too many failed logins/)
  })

  it('lets a superadmin create users, change roles, assign sessions, reset passwords and disable users', async () => {
    const owner = await create('OWNER')
    const { body: session } = await gw.request('POST', '/api/sessions', { key: owner.apiKey, body: { name: 'Shop' } })
    const created = await gw.request('POST', '/api/admin/users', { key: admin.apiKey, body: { email: 'Staff.One@Example.com', role: 'STAFF' } })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ email: 'staff.one@example.com', role: 'STAFF', disabled: false })
    expect(created.body.password).toMatch(/^\S{20,}$/)
    const staffId = created.body.id as string
    expect((await gw.request('POST', '/api/admin/users', { key: admin.apiKey, body: { email: 'staff.one@example.com' } })).status).toBe(409)

    const assigned = await gw.request('PATCH', `/api/admin/users/${staffId}`, { key: admin.apiKey, body: { assignedSessionIds: [session.sessionId] } })
    expect(assigned.body.assignedSessionIds).toEqual([session.sessionId])
    expect((await gw.request('PATCH', `/api/admin/users/${staffId}`, { key: admin.apiKey, body: { assignedSessionIds: ['nope00'] } })).status).toBe(400)

    const login = await gw.request('POST', '/api/auth/login', { body: { email: 'staff.one@example.com', password: created.body.password } })
    expect(login.status).toBe(200)
    const cookie = cookieOf(login.headers)
    expect(((await gw.request('GET', '/api/sessions', { cookie })).body as Array<{ sessionId: string }>).map((s) => s.sessionId)).toEqual([session.sessionId])

    // A new password ends the logins made with the old one.
    await gw.request('PATCH', `/api/admin/users/${staffId}`, { key: admin.apiKey, body: { password: 'brand-new-password' } })
    expect((await gw.request('GET', '/api/sessions', { cookie })).status).toBe(401)
    expect((await gw.request('POST', '/api/auth/login', { body: { email: 'staff.one@example.com', password: 'brand-new-password' } })).status).toBe(200)

    // Disabling a user shuts out their key and logins at once.
    expect((await gw.request('PATCH', `/api/admin/users/${owner.id}`, { key: admin.apiKey, body: { disabled: true } })).body.disabled).toBe(true)
    expect((await gw.request('GET', '/api/sessions', { key: owner.apiKey })).status).toBe(401)
    await gw.request('PATCH', `/api/admin/users/${owner.id}`, { key: admin.apiKey, body: { disabled: false } })
    expect((await gw.request('GET', '/api/sessions', { key: owner.apiKey })).status).toBe(200)

    const users = (await gw.request('GET', '/api/admin/users', { key: admin.apiKey })).body as Array<Record<string, unknown>>
    expect(users.map((u) => u.email)).toEqual(expect.arrayContaining([admin.email, 'staff.one@example.com']))
    for (const u of users) expect(Object.keys(u)).not.toContain('passwordHash')
  })

  it('keeps at least one active superadmin', async () => {
    const lone = await startTestGateway()
    try {
      const onlyAdmin = (await lone.request('POST', '/api/test/create-user', { body: { role: 'SUPERADMIN' } })).body
      const users = (await lone.request('GET', '/api/admin/users', { key: onlyAdmin.apiKey })).body as Array<{ id: string; role: string }>
      // The first-start admin exists too: disable it, then the last remaining one may not step down.
      for (const u of users.filter((u) => u.role === 'SUPERADMIN' && u.id !== onlyAdmin.id)) {
        expect((await lone.request('PATCH', `/api/admin/users/${u.id}`, { key: onlyAdmin.apiKey, body: { disabled: true } })).status).toBe(200)
      }
      const demote = await lone.request('PATCH', `/api/admin/users/${onlyAdmin.id}`, { key: onlyAdmin.apiKey, body: { role: 'OWNER' } })
      expect([demote.status, demote.body.error]).toEqual([409, 'this is the last active SUPERADMIN; make another one first'])
    } finally {
      await lone.close()
    }
  })

  it('answers every malformed body with 400 and a message naming the problem, never 500', async () => {
    const key = admin.apiKey
    const { body: session } = await gw.request('POST', '/api/sessions', { key, body: { name: 'Bad input target' } })
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['POST', '/api/sessions', {}, /name is required/],
      ['POST', '/api/sessions', { name: '   ' }, /name: must not be empty/],
      ['POST', '/api/sessions', { name: 42 }, /name: /],
      ['POST', '/api/sessions', '{"name":', /not valid JSON/],
      ['PATCH', `/api/sessions/${session.sessionId}/settings`, { config: { autoReplyEnabled: 'yes' } }, /config\.autoReplyEnabled/],
      ['PATCH', `/api/sessions/${session.sessionId}/settings`, { config: { teleport: true } }, /unknown key "teleport"/],
      ['PATCH', `/api/sessions/${session.sessionId}/settings`, { config: { ppGuardFallbackUrl: 'ftp://x' } }, /ppGuardFallbackUrl/],
      ['PATCH', `/api/sessions/${session.sessionId}/settings`, {}, /config is required/],
      ['POST', `/api/sessions/${session.sessionId}/start`, { pairingPhone: '+62 812' }, /pairingPhone/],
      ['POST', '/api/auth/login', { email: 'not-an-email', password: 'x' }, /email/],
      ['POST', '/api/admin/users', { email: 'a@example.com', role: 'KING' }, /role/],
      ['POST', '/api/admin/users', { email: 'a@example.com', password: 'short' }, /password: must have at least 8/],
      ['PATCH', `/api/admin/users/${admin.id}`, {}, /name at least one/],
      ['POST', '/api/test/create-user', { role: 'ROOT' }, /role/],
    ]
    for (const [method, path, body, message] of cases) {
      const response = await gw.request(method, path, { key, body, headers: {} })
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 400 })
      expect(response.body.error).toMatch(message)
    }
    expect((await gw.request('GET', '/api/audit?limit=0', { key })).status).toBe(400)
    expect((await gw.request('GET', '/api/audit?from=yesterday', { key })).status).toBe(400)
    expect(gw.logs()).not.toMatch(/"status":500/)
  })
})
