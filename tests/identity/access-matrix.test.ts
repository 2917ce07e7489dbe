import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

/**
 * Every sessions route × every role × own / assigned / foreign session, by API key and by cookie.
 * Expected: 401 anonymous, 404 for sessions the caller may not see (ids of other tenants do not leak),
 * 403 for what a role may not do to a session it can see, 200 otherwise; never a 500.
 */
type Credential = { key?: string; cookie?: string; headers?: Record<string, string> }
type Who = 'anonymous' | 'superadmin' | 'owner' | 'stranger' | 'staff' | 'idleStaff'
type Relation = 'own' | 'foreign'

interface SessionRoute {
  readonly name: string
  readonly method: string
  readonly path: (id: string) => string
  /** The request body, or one made for the target session (routes that take `sessionId` in the body). */
  readonly body?: unknown | ((id: string) => unknown)
  /**
   * What a caller who may gets: 200, or e.g. 503 for a route that needs the WhatsApp connection (the
   * matrix's sessions are never connected), which still proves the access check let them through.
   */
  readonly allowed?: number
  /** Destroys the session: each allowed call gets a fresh one. */
  readonly destructive?: boolean
  /** What staff may not do even to an assigned session. */
  readonly staffForbidden?: boolean
}

const routes: SessionRoute[] = [
  { name: 'get', method: 'GET', path: (id) => `/api/sessions/${id}` },
  { name: 'settings', method: 'PATCH', path: (id) => `/api/sessions/${id}/settings`, body: { config: { antiDelete: true } } },
  { name: 'start', method: 'POST', path: (id) => `/api/sessions/${id}/start` },
  { name: 'stop', method: 'POST', path: (id) => `/api/sessions/${id}/stop` },
  { name: 'restart', method: 'POST', path: (id) => `/api/sessions/${id}/restart` },
  { name: 'logout', method: 'POST', path: (id) => `/api/sessions/${id}/logout` },
  // Message actions (issue 13): the access check lets the caller through to the connection, which is not there.
  { name: 'edit message', method: 'POST', path: () => '/api/chat/edit', body: (id: string) => ({ sessionId: id, jid: '628111@s.whatsapp.net', messageId: 'K1', text: 'x' }), allowed: 503 },
  { name: 'revoke message', method: 'POST', path: () => '/api/chat/revoke', body: (id: string) => ({ sessionId: id, jid: '628111@s.whatsapp.net', messageId: 'K1' }), allowed: 503 },
  { name: 'forward message', method: 'POST', path: () => '/api/chat/forward', body: (id: string) => ({ sessionId: id, jid: '628111@s.whatsapp.net', messageId: 'K1', fromJid: '628222@s.whatsapp.net' }), allowed: 503 },
  { name: 'mark read', method: 'POST', path: () => '/api/chat/read', body: (id: string) => ({ sessionId: id, jid: '628111@s.whatsapp.net' }), allowed: 503 },
  { name: 'presence', method: 'POST', path: () => '/api/chat/presence', body: (id: string) => ({ sessionId: id, jid: '628111@s.whatsapp.net', presence: 'composing' }), allowed: 503 },
  // Group administration and chat state (issue 13): through to the connection, which is not there.
  { name: 'group participants', method: 'POST', path: () => '/api/groups/participants', body: (id: string) => ({ sessionId: id, groupJid: '120363000000000001@g.us', action: 'add', participants: ['628111@s.whatsapp.net'] }), allowed: 503 },
  { name: 'group update', method: 'PATCH', path: (id) => `/api/groups/${id}/120363000000000001@g.us`, body: { subject: 'x' }, allowed: 503 },
  { name: 'group invite', method: 'GET', path: (id) => `/api/groups/${id}/120363000000000001@g.us/invite`, allowed: 503 },
  { name: 'group invite revoke', method: 'POST', path: (id) => `/api/groups/${id}/120363000000000001@g.us/invite/revoke`, allowed: 503 },
  { name: 'group join', method: 'POST', path: () => '/api/groups/join', body: (id: string) => ({ sessionId: id, inviteCode: 'AbCdEfGhIjKl' }), allowed: 503 },
  { name: 'group leave', method: 'POST', path: () => '/api/groups/leave', body: (id: string) => ({ sessionId: id, groupJid: '120363000000000001@g.us' }), allowed: 503 },
  // A group the read model does not know is not found for its own tenant too; other tenants get the same 404 from the session check.
  { name: 'group metadata', method: 'GET', path: (id) => `/api/groups/${id}/120363000000000001@g.us`, allowed: 404 },
  { name: 'chat modify', method: 'POST', path: () => '/api/chat/modify', body: (id: string) => ({ sessionId: id, jid: '628111@s.whatsapp.net', action: 'archive' }), allowed: 503 },
  // Contacts and profile (issue 13): the read model answers; the rest goes through to the connection, which is not there.
  { name: 'contacts', method: 'GET', path: (id) => `/api/contacts/${id}` },
  { name: 'contact profile', method: 'GET', path: (id) => `/api/contacts/${id}/628111%40s.whatsapp.net`, allowed: 503 },
  { name: 'contact check', method: 'POST', path: () => '/api/contacts/check', body: (id: string) => ({ sessionId: id, numbers: ['628111222333'] }), allowed: 503 },
  { name: 'contact block', method: 'POST', path: () => '/api/contacts/block', body: (id: string) => ({ sessionId: id, jid: '628111@s.whatsapp.net' }), allowed: 503 },
  { name: 'contact unblock', method: 'POST', path: () => '/api/contacts/unblock', body: (id: string) => ({ sessionId: id, jid: '628111@s.whatsapp.net' }), allowed: 503 },
  { name: 'profile', method: 'PATCH', path: (id) => `/api/sessions/${id}/profile`, body: { about: 'x' }, allowed: 503 },
  { name: 'delete settings', method: 'DELETE', path: (id) => `/api/sessions/${id}/settings`, destructive: true, staffForbidden: true },
  { name: 'delete', method: 'DELETE', path: (id) => `/api/sessions/${id}`, destructive: true, staffForbidden: true },
]

function expected(who: Who, relation: Relation, route: SessionRoute): number {
  const allowed = accessCheck(who, relation, route)
  return allowed === 200 ? (route.allowed ?? 200) : allowed
}

function accessCheck(who: Who, relation: Relation, route: SessionRoute): number {
  if (who === 'anonymous') return 401
  if (who === 'superadmin') return 200
  if (who === 'owner') return relation === 'own' ? 200 : 404
  if (who === 'stranger') return 404
  if (who === 'staff') return relation === 'foreign' ? 404 : route.staffForbidden ? 403 : 200
  return 404 // idle staff: assigned nothing
}

describe('access matrix: sessions routes × roles × ownership × credential kind', () => {
  let gw: TestGateway
  const keys: Record<Exclude<Who, 'anonymous'>, string> = {} as never
  const cookies: Partial<Record<Exclude<Who, 'anonymous'>, string>> = {}
  const ids: Record<Exclude<Who, 'anonymous'>, string> = {} as never
  let assigned: string[] = []
  /** Owns the foreign sessions: nobody in the matrix but the superadmin may see them. */
  let otherKey = ''

  const createUser = async (role: string) => {
    const { body } = await gw.request('POST', '/api/test/create-user', { body: { role, password: 'password-123' } })
    return body as { id: string; email: string; apiKey: string }
  }
  const newSession = async (ownerKey: string) => {
    const { status, body } = await gw.request('POST', '/api/sessions', { key: ownerKey, body: { name: 'Phone' } })
    expect(status).toBe(200)
    return body.sessionId as string
  }
  /** The owner's sessions; the staff member is assigned exactly these (kept up to date as fresh ones are made). */
  const ownSession = async () => {
    const sessionId = await newSession(keys.owner)
    assigned = [...assigned, sessionId]
    const { status } = await gw.request('PATCH', `/api/admin/users/${ids.staff}`, { key: keys.superadmin, body: { assignedSessionIds: assigned } })
    expect(status).toBe(200)
    return sessionId
  }

  beforeAll(async () => {
    gw = await startTestGateway()
    otherKey = (await createUser('OWNER')).apiKey
    for (const [who, role] of [['superadmin', 'SUPERADMIN'], ['owner', 'OWNER'], ['stranger', 'OWNER'], ['staff', 'STAFF'], ['idleStaff', 'STAFF']] as const) {
      const user = await createUser(role)
      keys[who] = user.apiKey
      ids[who] = user.id
      const login = await gw.request('POST', '/api/auth/login', { body: { email: user.email, password: 'password-123' } })
      expect(login.status).toBe(200)
      cookies[who] = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    }
  })
  afterAll(() => gw?.close())

  const credential = (who: Who, kind: 'api-key' | 'cookie'): Credential =>
    who === 'anonymous' ? {} : kind === 'api-key' ? { key: keys[who] } : { cookie: cookies[who], headers: { origin: gw.url } }

  for (const kind of ['api-key', 'cookie'] as const) {
    for (const route of routes) {
      it(`${route.method} ${route.name} by ${kind}`, async () => {
        const foreign = await newSession(otherKey)
        const own = await ownSession()
        for (const who of ['anonymous', 'superadmin', 'owner', 'stranger', 'staff', 'idleStaff'] as const) {
          for (const relation of ['own', 'foreign'] as const) {
            const want = expected(who, relation, route)
            // A destructive call that may succeed gets a session of its own, so the next one still finds its target.
            const target = route.destructive && want === 200 ? (relation === 'own' ? await ownSession() : await newSession(otherKey)) : relation === 'own' ? own : foreign
            const requestBody = typeof route.body === 'function' ? route.body(target) : route.body
            const { status, body } = await gw.request(route.method, route.path(target), { ...credential(who, kind), body: requestBody })
            if (route.destructive && status === 200) assigned = assigned.filter((id) => id !== target)
            expect({ who, relation, status }).toEqual({ who, relation, status: want })
            if (status !== 200) expect(typeof body.error).toBe('string')
          }
        }
      })
    }

    it(`lists only what each role may see (by ${kind})`, async () => {
      const own = await ownSession()
      const foreign = await newSession(otherKey)
      const strangers = await newSession(keys.stranger)
      const list = async (who: Exclude<Who, 'anonymous'>) =>
        ((await gw.request('GET', '/api/sessions', credential(who, kind))).body as Array<{ sessionId: string }>).map((s) => s.sessionId)
      expect(await list('superadmin')).toEqual(expect.arrayContaining([own, foreign]))
      expect(await list('owner')).toContain(own)
      expect(await list('owner')).not.toContain(foreign)
      expect(await list('stranger')).toContain(strangers)
      expect(await list('stranger')).not.toContain(own)
      expect(await list('stranger')).not.toContain(foreign)
      expect(await list('staff')).toContain(own)
      expect(await list('staff')).not.toContain(foreign)
      expect(await list('idleStaff')).toEqual([])
      expect((await gw.request('GET', '/api/sessions')).status).toBe(401)
    })
  }

  it('accepts either the short sessionId or the id in :id', async () => {
    const sessionId = await ownSession()
    const byShort = await gw.request('GET', `/api/sessions/${sessionId}`, { key: keys.owner })
    const byId = await gw.request('GET', `/api/sessions/${byShort.body.id}`, { key: keys.owner })
    expect(byId.body).toEqual(byShort.body)
    expect(byShort.body).toMatchObject({ sessionId, name: 'Phone', userId: ids.owner })
    for (const field of ['id', 'userId', 'name', 'sessionId', 'status', 'qr', 'config', 'createdAt', 'updatedAt']) expect(byShort.body).toHaveProperty(field)
  })

  it('keeps staff out of session creation and user administration, and owners out of administration', async () => {
    expect((await gw.request('POST', '/api/sessions', { key: keys.staff, body: { name: 'x' } })).status).toBe(403)
    for (const who of ['owner', 'staff'] as const) {
      expect((await gw.request('GET', '/api/admin/users', { key: keys[who] })).status).toBe(403)
      expect((await gw.request('POST', '/api/admin/users', { key: keys[who], body: { email: 'x@example.com' } })).status).toBe(403)
      expect((await gw.request('PATCH', `/api/admin/users/${ids.stranger}`, { key: keys[who], body: { disabled: true } })).status).toBe(403)
    }
  })

  it('never answered 500 in this whole matrix', () => {
    expect(gw.logs()).not.toMatch(/"status":500/)
  })
})
