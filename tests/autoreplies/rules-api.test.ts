import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

/** GET/POST /api/autoreplies and DELETE /api/autoreplies/:id: shapes, validation, roles and tenants. */
describe('auto-reply rules API', () => {
  let gw: TestGateway
  const keys = { superadmin: '', owner: '', stranger: '', staff: '', idleStaff: '' }
  let staffId = ''
  let sessionId = ''
  let strangerSession = ''

  const createUser = async (role: string) => (await gw.request('POST', '/api/test/create-user', { body: { role } })).body as { id: string; apiKey: string }
  const post = (key: string, body: unknown) => gw.request('POST', '/api/autoreplies', { key, body })
  const list = (key: string, query = `?sessionId=${sessionId}`) => gw.request('GET', `/api/autoreplies${query}`, { key })

  beforeAll(async () => {
    gw = await startTestGateway()
    for (const [who, role] of [['superadmin', 'SUPERADMIN'], ['owner', 'OWNER'], ['stranger', 'OWNER'], ['staff', 'STAFF'], ['idleStaff', 'STAFF']] as const) {
      const user = await createUser(role)
      keys[who] = user.apiKey
      if (who === 'staff') staffId = user.id
    }
    sessionId = (await gw.request('POST', '/api/sessions', { key: keys.owner, body: { name: 'Support' } })).body.sessionId
    strangerSession = (await gw.request('POST', '/api/sessions', { key: keys.stranger, body: { name: 'Theirs' } })).body.sessionId
    expect((await gw.request('PATCH', `/api/admin/users/${staffId}`, { key: keys.superadmin, body: { assignedSessionIds: [sessionId] } })).status).toBe(200)
  })
  afterAll(() => gw?.close())

  it('creates, lists in the order rules are tried, and deletes, in the seed’s shapes', async () => {
    const help = await post(keys.owner, { sessionId, keyword: '!help', response: 'Here is the help menu...', matchType: 'EXACT' })
    expect(help.status).toBe(200)
    expect(help.body).toEqual({ id: expect.stringMatching(/^c/), sessionId, keyword: '!help', response: 'Here is the help menu...', matchType: 'EXACT', createdAt: expect.any(String) })
    const hello = await post(keys.owner, { sessionId, keyword: 'hello', response: 'Hi there!', matchType: 'CONTAINS' })
    const order = await post(keys.owner, { sessionId, keyword: 'order\\s+\\d+', response: 'Checking…', matchType: 'regex' })
    expect(order.body.matchType).toBe('REGEX')

    const { status, body } = await list(keys.owner)
    expect(status).toBe(200)
    expect(body.map((r: any) => [r.id, r.keyword, r.response, r.matchType])).toEqual([
      [help.body.id, '!help', 'Here is the help menu...', 'EXACT'],
      [hello.body.id, 'hello', 'Hi there!', 'CONTAINS'],
      [order.body.id, 'order\\s+\\d+', 'Checking…', 'REGEX'],
    ])

    expect(await gw.request('DELETE', `/api/autoreplies/${hello.body.id}`, { key: keys.owner })).toMatchObject({ status: 200, body: { success: true } })
    expect((await list(keys.owner)).body.map((r: any) => r.id)).toEqual([help.body.id, order.body.id])
    const again = await gw.request('DELETE', `/api/autoreplies/${hello.body.id}`, { key: keys.owner })
    expect(again).toMatchObject({ status: 404, body: { error: `auto-reply rule ${hello.body.id} not found` } })
  })

  it('takes EXACT when no match type is given, and refuses a rule the session already has', async () => {
    const rule = await post(keys.owner, { sessionId, keyword: 'Menu', response: 'Our menu' })
    expect(rule).toMatchObject({ status: 200, body: { matchType: 'EXACT' } })
    const same = await post(keys.owner, { sessionId, keyword: ' menu ', response: 'Another menu', matchType: 'EXACT' })
    expect(same).toMatchObject({ status: 409, body: { error: `session ${sessionId} already has this EXACT rule: ${rule.body.id}` } })
    expect((await post(keys.owner, { sessionId, keyword: 'menu', response: 'Contains menu', matchType: 'CONTAINS' })).status).toBe(200)
  })

  it('says what is wrong with a bad request, never a 500', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ keyword: 'a', response: 'b', matchType: 'EXACT' }, /sessionId is required/],
      [{ sessionId, response: 'b', matchType: 'EXACT' }, /keyword is required/],
      [{ sessionId, keyword: '   ', response: 'b' }, /keyword: must not be blank/],
      [{ sessionId, keyword: 'a', matchType: 'EXACT' }, /response is required/],
      [{ sessionId, keyword: 'a', response: '' }, /response: must not be empty/],
      [{ sessionId, keyword: 'a', response: 'b', matchType: 'FUZZY' }, /matchType: must be one of EXACT, CONTAINS, REGEX/],
      [{ sessionId, keyword: 42, response: 'b' }, /keyword: .*string/i],
      [{ sessionId, keyword: 'k'.repeat(1001), response: 'b' }, /keyword: .*1000/],
      [{ sessionId, keyword: 'k'.repeat(501), response: 'b', matchType: 'REGEX' }, /a REGEX pattern takes at most 500 characters/],
      [{ sessionId, keyword: '[a-', response: 'b', matchType: 'REGEX' }, /keyword is not a valid RE2 regular expression: missing closing \]/],
      [[], /^request body must be a JSON object \(\{ … \}\), not an array$/],
    ]
    for (const [body, error] of cases) {
      const response = await post(keys.owner, body)
      expect([JSON.stringify(body).slice(0, 80), response.status, response.body.error]).toEqual([JSON.stringify(body).slice(0, 80), 400, expect.stringMatching(error)])
    }
    expect((await gw.request('POST', '/api/autoreplies', { key: keys.owner, body: '{"sessionId":' })).body).toEqual({ error: 'request body is not valid JSON' })
    expect((await list(keys.owner, '?sessionId=')).status).toBe(400)
    expect((await list(keys.owner, `?sessionId=${sessionId}&sessionId=${sessionId}`)).status).toBe(400)
    expect((await post(keys.owner, { sessionId: 'nosuch', keyword: 'a', response: 'b' })).status).toBe(404)
  })

  it('refuses hostile and unsupported regular expressions at creation with 400 and the reason', async () => {
    const hostile: Array<[string, RegExp]> = [
      ['(a)\\1', /backreferences .* not supported: REGEX rules use RE2 syntax, which matches in time linear in the text/],
      ['(?<word>\\w+) \\k<word>', /backreferences/],
      ['hello(?= world)', /lookaheads and lookbehinds/],
      ['(?<!not )interested', /lookaheads and lookbehinds/],
      ['(?>a+)+b', /atomic groups and possessive quantifiers/],
      ['a{1001}', /repeat count \{1001\} is too large/],
      ['((a{100}){100}){100}', /repeat count .* too large/],
      ['\\d{1000}\\w{1000}', /compiles to \d+ RE2 instructions, more than the 1000 a rule may have/],
    ]
    for (const [keyword, error] of hostile) {
      const response = await post(keys.owner, { sessionId, keyword, response: 'x', matchType: 'REGEX' })
      expect([keyword, response.status, response.body.error]).toEqual([keyword, 400, expect.stringMatching(error)])
    }
    // Catastrophic for a backtracking engine, harmless for RE2: accepted (see the sandbox suite for matching it).
    expect((await post(keys.owner, { sessionId, keyword: '(a+)+$', response: 'x', matchType: 'REGEX' })).status).toBe(200)
  })

  it('checks roles and tenants: owners their own, staff what they are assigned, superadmins all; others get 404', async () => {
    const rule = (await post(keys.staff, { sessionId, keyword: 'staff rule', response: 'by staff', matchType: 'CONTAINS' })).body
    expect(rule.sessionId).toBe(sessionId)
    const theirs = (await post(keys.stranger, { sessionId: strangerSession, keyword: 'theirs', response: 'x', matchType: 'EXACT' })).body

    for (const who of ['owner', 'staff', 'superadmin'] as const) expect((await list(keys[who])).body.map((r: any) => r.id)).toContain(rule.id)
    for (const who of ['stranger', 'idleStaff'] as const) {
      expect(await list(keys[who])).toMatchObject({ status: 404, body: { error: `session ${sessionId} not found` } })
      expect((await post(keys[who], { sessionId, keyword: 'intrusion', response: 'x' })).status).toBe(404)
      expect(await gw.request('DELETE', `/api/autoreplies/${rule.id}`, { key: keys[who] })).toMatchObject({ status: 404, body: { error: `auto-reply rule ${rule.id} not found` } })
    }
    expect((await gw.request('DELETE', `/api/autoreplies/${theirs.id}`, { key: keys.owner })).status).toBe(404)
    expect((await gw.request('GET', `/api/autoreplies?sessionId=${sessionId}`)).status).toBe(401)
    expect((await gw.request('DELETE', `/api/autoreplies/${rule.id}`)).status).toBe(401)

    // Without a sessionId: the rules of every session the caller can see.
    const ownerView = (await list(keys.owner, '')).body.map((r: any) => r.id)
    expect(ownerView).toContain(rule.id)
    expect(ownerView).not.toContain(theirs.id)
    expect((await list(keys.superadmin, '')).body.map((r: any) => r.id)).toEqual(expect.arrayContaining([rule.id, theirs.id]))
    expect((await list(keys.idleStaff, '')).body).toEqual([])

    expect((await gw.request('DELETE', `/api/autoreplies/${rule.id}`, { key: keys.staff })).body).toEqual({ success: true })
    expect((await gw.request('DELETE', `/api/autoreplies/${theirs.id}`, { key: keys.superadmin })).body).toEqual({ success: true })
  })

  it('hides the rules of a deleted session', async () => {
    const doomed = (await gw.request('POST', '/api/sessions', { key: keys.owner, body: { name: 'Doomed' } })).body.sessionId
    const rule = (await post(keys.owner, { sessionId: doomed, keyword: 'x', response: 'y' })).body
    expect((await gw.request('DELETE', `/api/sessions/${doomed}`, { key: keys.owner })).status).toBe(200)
    expect((await list(keys.owner, `?sessionId=${doomed}`)).status).toBe(404)
    expect((await list(keys.owner, '')).body.map((r: any) => r.id)).not.toContain(rule.id)
    expect((await gw.request('DELETE', `/api/autoreplies/${rule.id}`, { key: keys.owner })).status).toBe(404)
  })
})
