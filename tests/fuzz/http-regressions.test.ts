import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'
import type { ScriptedWorld } from '../webhooks/scripted-world.ts'
import { startFuzzWorld } from './fuzz-world.ts'
import type { FuzzFixtures } from './http-fuzz.ts'

/** Issue 9, items 4 to 10: each reproduction, replayed. None may answer 500; each says what is wrong. */
const CONTACT = '6287748687946@s.whatsapp.net'

describe('issue 9 reproductions at the HTTP edge', () => {
  let world: ScriptedWorld
  let fx: FuzzFixtures
  let sessionId: string
  let webhookId: string
  const api = (method: string, path: string, body?: unknown, key = fx.keys.owner, headers: Record<string, string> = {}) => world.gw.request(method, path, { key, body, headers })
  beforeAll(async () => {
    ;({ world, fixtures: fx } = await startFuzzWorld())
    sessionId = fx.ids.sessionId![0]!
    webhookId = fx.ids['id@webhooks']![0]!
  }, 120_000)
  afterAll(() => world?.close())

  it('4: refuses NUL and lone surrogates in path params, queries and body strings with a 400 naming the field', async () => {
    const idRoutes = world.gw.gateway.routes.filter((r) => r.path.includes(':'))
    expect(idRoutes.length).toBeGreaterThanOrEqual(22)
    for (const route of idRoutes) {
      const path = route.path.replace(/:(\w+)/g, 'a%00b')
      const { status, body } = await api(route.method.toUpperCase(), path, route.body ? {} : undefined, fx.keys.superadmin)
      expect([route.path, status, body.error]).toEqual([route.path, 400, expect.stringMatching(/^invalid params: \w+: must not contain NUL/)])
    }
    for (const path of [`/api/audit?sessionId=a%00`, `/api/audit?type=%00`, `/api/webhooks/${webhookId}/deliveries?event=x%00`, `/api/webhooks/${webhookId}/deliveries?sessionId=%00`, `/api/audit?before=1%00`, `/api/groups?sessionId=%00`, `/api/scheduler?sessionId=%00`, `/api/autoreplies?sessionId=%00`]) {
      const { status, body } = await api('GET', path)
      expect([path, status, body.error]).toEqual([path, 400, expect.stringMatching(/^invalid query: \w+: must not contain NUL/)])
    }
    const bodies: Array<[string, string, unknown, RegExp]> = [
      ['POST', '/api/sessions', { name: 'Phone\u0000' }, /name: must not contain NUL/],
      ['POST', '/api/sessions', { name: 'Phone \ud800' }, /name: must not contain unpaired surrogates/],
      ['POST', '/api/autoreplies', { sessionId, keyword: 'hi\u0000', response: 'x' }, /keyword: must not contain NUL/],
      ['POST', '/api/auth/login', { email: 'a\u0000@example.com', password: 'x' }, /email: must not contain NUL/],
      ['POST', '/api/test/create-user', { email: 'b\udc00@example.com' }, /email: must not contain unpaired surrogates/],
      ['POST', '/api/admin/users', { email: 'c@example.com\u0000' }, /email: must not contain NUL/],
      ['POST', '/api/groups/create', { sessionId, subject: '\u0000', participants: [CONTACT] }, /subject: must not contain NUL/],
      ['POST', '/api/chat/send', { sessionId, jid: CONTACT, message: { text: 'hello\u0000world' } }, /message\.text: must not contain NUL/],
      ['POST', '/api/webhooks', { name: 'W', url: 'http://hooks.invalid/a', events: ['message.received\u0000'] }, /events\.0: must not contain NUL/],
    ]
    for (const [method, path, body, error] of bodies) {
      const answer = await api(method, path, body, path === '/api/admin/users' ? fx.keys.superadmin : fx.keys.owner)
      expect([path, answer.status, answer.body.error]).toEqual([path, 400, expect.stringMatching(error)])
    }
    // Nothing of the refused group or message reached WhatsApp.
    const connection = world.driver.connectionsOf(sessionId).at(-1)!
    expect(connection.groups.map((g) => g.subject)).not.toContain('\u0000')
    expect(connection.sent.some((m) => m.content.kind === 'text' && m.content.text.includes('\u0000'))).toBe(false)
  })

  it('5: answers out-of-range positions and dates with 400, not 500', async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['GET', '/api/audit?before=9223372036854775808', undefined, /before: must be at most 9223372036854775807/],
      ['GET', `/api/webhooks/${webhookId}/deliveries?before=9999999999999999999`, undefined, /before: must be at most/],
      ['GET', '/api/audit?from=0000-01-01T00:00:00Z', undefined, /from: must be between 1970 and 9999/],
      ['POST', `/api/webhooks/${webhookId}/replay`, { since: '0000-01-01T00:00:00Z' }, /since: must be between 1970 and 9999/],
      ['POST', `/api/webhooks/${webhookId}/replay`, { fromPosition: '99999999999999999999' }, /fromPosition: must be a position/],
      ['POST', `/api/webhooks/${webhookId}/replay`, { fromPosition: '9223372036854775808' }, /fromPosition: must be at most/],
      ['POST', `/api/webhooks/${webhookId}/replay`, { fromPosition: 1e30 }, /fromPosition/],
      ['POST', '/api/scheduler', { sessionId, jid: CONTACT, content: 'x', sendAt: '+275760-09-13T00:00:00Z' }, /sendAt/],
      ['POST', '/api/scheduler', { sessionId, jid: CONTACT, content: 'x', sendAt: '10000-01-01T00:00:00Z' }, /sendAt/],
    ]
    for (const [method, path, body, error] of cases) {
      const answer = await api(method, path, body)
      expect([path, answer.status, answer.body.error]).toEqual([path, 400, expect.stringMatching(error)])
    }
    // The largest position is fine, and schedules still work after the refused one.
    expect((await api('GET', '/api/audit?before=9223372036854775807')).status).toBe(200)
    const later = await api('POST', '/api/scheduler', { sessionId, jid: CONTACT, content: 'x', sendAt: '9999-12-31T00:00:00Z' })
    expect(later.status).toBe(200)
    expect((await api('GET', `/api/scheduler?sessionId=${sessionId}`)).status).toBe(200)
  })

  it('6: answers a non-gzip body sent as gzip with 400, and an unknown encoding with 415, on every body route', async () => {
    const bodyRoutes = world.gw.gateway.routes.filter((r) => r.body && !r.multipart)
    for (const route of bodyRoutes) {
      const path = route.path.replace(/:(\w+)/g, 'x')
      for (const [encoding, status] of [['gzip', 400], ['compress', 415]] as const) {
        const answer = await api(route.method.toUpperCase(), path, '{"a":1}', fx.keys.superadmin, { 'content-encoding': encoding })
        expect([route.path, encoding, answer.status, typeof answer.body.error]).toEqual([route.path, encoding, status, 'string'])
      }
    }
  })

  it('8: refuses IPv4-compatible and other IPv4-carrying IPv6 URLs for webhooks and media', async () => {
    for (const host of ['[::127.0.0.1]', '[::a9fe:a9fe]', '[::a00:1]', '[::ffff:a9fe:a9fe]', '[64:ff9b::a9fe:a9fe]', '[2002:a9fe:a9fe::]']) {
      const hook = await api('POST', '/api/webhooks', { name: 'SSRF', url: `http://${host}/hook`, events: ['*'] })
      expect([host, hook.status, hook.body.error]).toEqual([host, 400, expect.stringMatching(/refused .*OUTBOUND_ALLOW_PRIVATE_NETWORKS/)])
      const media = await api('POST', '/api/chat/send', { sessionId, jid: CONTACT, message: { image: { url: `http://${host}/a.jpg` } } })
      expect([host, media.status, media.body.error]).toEqual([host, 400, expect.stringMatching(/refused/)])
    }
  })

  it('10: the smaller ones', async () => {
    // A chunked text/plain body meets the 415 check.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(world.gw.url)
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/api/sessions', method: 'POST', headers: { 'x-api-key': fx.keys.owner, 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } }, (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      })
      req.on('error', reject)
      req.write('{"name":')
      req.end('"x"}')
    })
    expect([chunked.status, JSON.parse(chunked.body)]).toEqual([415, { error: 'send the body as JSON with Content-Type: application/json' }])
    // JSON that is no object is named for what it is.
    for (const [raw, what] of [['null', 'null'], ['"str"', 'a string'], ['123', 'a number']]) {
      expect((await api('POST', '/api/sessions', raw)).body).toEqual({ error: `request body must be a JSON object ({ … }), not ${what}` })
    }
    // Multipart: no library words, 413 for an oversized upload, the connection intact.
    const sticker = (body: NonNullable<RequestInit['body']>, type?: string) =>
      fetch(`${world.gw.url}/api/messages/sticker`, { method: 'POST', headers: { 'x-api-key': fx.keys.owner, ...(type ? { 'content-type': type } : {}) }, body })
    const garbage = await sticker('--nope\r\ngarbage', 'multipart/form-data; boundary=x')
    const garbageError = ((await garbage.json()) as { error: string }).error
    expect([garbage.status, garbageError]).toEqual([400, expect.stringMatching(/^the multipart body could not be read/)])
    expect(garbageError).not.toMatch(/busboy|multer|Unexpected end|boundary not found/i)
    const form = new FormData()
    form.append('sessionId', sessionId)
    form.append('jid', CONTACT)
    form.append('file', new Blob([Buffer.alloc(6 * 1024 * 1024, 1)], { type: 'image/png' }), 'big.png')
    const huge = await sticker(form)
    expect([huge.status, await huge.json()]).toEqual([413, { error: 'file is larger than 5 MB' }])
    // A limit under 1 MB is stated in KB, not rounded up to "1 MB".
    const media = new FormData()
    media.append('sessionId', sessionId)
    media.append('jid', CONTACT)
    media.append('kind', 'document')
    media.append('file', new Blob([Buffer.alloc(800 * 1024, 1)], { type: 'application/pdf' }), 'big.pdf')
    const bigMedia = await fetch(`${world.gw.url}/api/chat/send-media`, { method: 'POST', headers: { 'x-api-key': fx.keys.owner }, body: media })
    expect([bigMedia.status, await bigMedia.json()]).toEqual([413, { error: 'file is larger than 700 KB' }])
    expect((await api('GET', '/api/sessions')).status).toBe(200)
    // A scheduler media URL on a private address is refused when scheduled, not when it is due.
    const privateMedia = await api('POST', '/api/scheduler', { sessionId, jid: CONTACT, content: 'x', mediaUrl: 'http://169.254.169.254/latest/a.jpg', sendAt: new Date(Date.now() + 3_600_000).toISOString() })
    expect([privateMedia.status, privateMedia.body.error]).toEqual([400, expect.stringMatching(/refused .*linkLocal.*OUTBOUND_ALLOW_PRIVATE_NETWORKS/)])
    // Another tenant's session in the audit filter is "not found", as everywhere else.
    const stranger = await world.user('OWNER')
    const foreign = await api('GET', `/api/audit?sessionId=${sessionId}`, undefined, stranger.apiKey)
    expect([foreign.status, foreign.body]).toEqual([404, { error: `session ${sessionId} not found` }])
    expect((await api('GET', `/api/audit?sessionId=${sessionId}`)).status).toBe(200)
  })

  it('7: X-Forwarded-For and -Host from an untrusted peer change nothing: rotating it does not escape the address limit, nor does it pass the CSRF check', async () => {
    const attempts = []
    for (let i = 0; i < 12; i++) {
      attempts.push((await api('POST', '/api/auth/login', { email: `nobody-${i}@example.com`, password: 'wrong' }, '', { 'x-forwarded-for': `198.51.100.${i + 1}` })).status)
    }
    // Ten free failures for the one real address (127.0.0.1), then it must wait.
    expect(attempts.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(attempts[10]).toBe(429)
    const forged = await api('POST', '/api/auth/login', { email: 'x@example.com', password: 'x' }, '', { origin: 'https://evil.invalid', 'x-forwarded-host': 'evil.invalid', 'x-forwarded-proto': 'https' })
    expect([forged.status, forged.body.error]).toEqual([403, expect.stringMatching(/^cross-site request refused: Origin https:\/\/evil.invalid is not http:\/\/127\.0\.0\.1:/)])
  })
})

describe('issue 9, item 9: nobody can lock an account out from elsewhere', () => {
  let gw: TestGateway
  // The gateway sits behind a proxy on 127.0.0.1 here, so that X-Forwarded-For can play many client addresses.
  beforeAll(async () => {
    gw = await startTestGateway({ env: { TRUSTED_PROXIES: '127.0.0.1/8, ::1' } })
  }, 60_000)
  afterAll(() => gw?.close())
  const login = (email: string, password: string, from: string) => gw.request('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': from } })

  it('locks the account for the addresses that failed, and lets the right password in from an address that never did', async () => {
    const { body: admin } = await gw.request('POST', '/api/test/create-user', { body: { role: 'SUPERADMIN', password: 'the-right-password' } })
    // Ten attackers, one guess each: the account reaches its lock.
    for (let i = 1; i <= 10; i++) expect((await login(admin.email, `guess-${i}`, `203.0.113.${i}`)).status).toBe(401)
    const again = await login(admin.email, 'the-right-password', '203.0.113.1')
    expect([again.status, again.body.error]).toEqual([429, expect.stringMatching(/too many failed logins; try again in \d+ s/)])
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(60)
    // The owner, from an address that never failed, gets in.
    const owner = await login(admin.email, 'the-right-password', '192.0.2.44')
    expect(owner.status).toBe(200)
    expect(owner.body.user).toMatchObject({ email: admin.email, role: 'SUPERADMIN' })
    // A new attacker address gets its one guess, and is then held by the account's lock too.
    expect((await login(admin.email, 'guess-11', '203.0.113.200')).status).toBe(401)
    expect((await login(admin.email, 'the-right-password', '203.0.113.200')).status).toBe(429)
  })

  it('counts an IPv6 client by its /64 and IPv4-mapped IPv6 as the IPv4, and lets only 5 never-failed addresses guess at a locked account', async () => {
    const { body: admin } = await gw.request('POST', '/api/test/create-user', { body: { role: 'SUPERADMIN', password: 'the-right-password' } })
    for (let i = 101; i <= 110; i++) expect((await login(admin.email, `guess-${i}`, `192.0.2.${i}`)).status).toBe(401)
    // The account is locked. A failed IPv4 address in its IPv6-mapped form is still that address.
    expect((await login(admin.email, 'the-right-password', '::ffff:192.0.2.101')).status).toBe(429)
    // One guess from a /64 (fresh guess 1 of 5): any other address of that /64 has failed too.
    expect((await login(admin.email, 'v6-guess', '2001:db8:a:b::1')).status).toBe(401)
    expect((await login(admin.email, 'the-right-password', '2001:db8:a:b:ffff::2')).status).toBe(429)
    // Four more never-failed addresses get their one guess each; after five the lock holds for everyone.
    for (const from of ['2001:db8:a:c::1', '2001:db8:a:d::1', '198.51.100.201', '198.51.100.202']) expect((await login(admin.email, 'another-guess', from)).status, from).toBe(401)
    const owner = await login(admin.email, 'the-right-password', '192.0.2.200')
    expect([owner.status, owner.body.error]).toEqual([429, expect.stringMatching(/too many failed logins; try again in \d+ s/)])
    expect(Number(owner.headers.get('retry-after'))).toBeGreaterThan(60)
  })

  it('slows an IPv6 /64 down as one address, whichever of its addresses it uses', async () => {
    const statuses = []
    for (let i = 0; i < 11; i++) statuses.push((await login(`v6-someone-${i}@example.com`, 'x', `2001:db8:77:1:${i.toString(16)}::1`)).status)
    expect(statuses).toEqual([...Array(10).fill(401), 429])
  })

  it('slows an address down after its free failures, whatever account it tries', async () => {
    const statuses = []
    for (let i = 0; i < 11; i++) statuses.push((await login(`someone-${i}@example.com`, 'x', '198.51.100.77')).status)
    expect(statuses).toEqual([...Array(10).fill(401), 429])
  })
})
