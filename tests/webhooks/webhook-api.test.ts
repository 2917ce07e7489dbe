import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'
import { startReceiver, type Receiver } from './receiver.ts'
import { startScriptedWorld, type ScriptedWorld } from './scripted-world.ts'

const seedFields = ['id', 'name', 'url', 'secret', 'sessionId', 'events', 'isActive', 'createdAt', 'updatedAt']

describe('webhooks API: the seed CRUD, validation, ownership, secrets at rest', () => {
  let world: ScriptedWorld
  let receiver: Receiver
  beforeAll(async () => {
    world = await startScriptedWorld()
    receiver = await startReceiver()
  })
  afterAll(async () => {
    await world?.close()
    await receiver?.close()
  })
  const api = (method: string, path: string, key: string | undefined, body?: unknown) => world.gw.request(method, path, { key, body })

  it('creates with the seed body, generates a secret when none is given, and shows it on GET and in the list', async () => {
    const created = await api('POST', '/api/webhooks', world.key, { name: 'My Server', url: receiver.url, events: ['message.received', 'message.sent'] })
    expect(created.status).toBe(200)
    for (const field of seedFields) expect(created.body).toHaveProperty(field)
    expect(created.body).toMatchObject({ name: 'My Server', url: receiver.url, sessionId: null, events: ['message.received', 'message.sent'], isActive: true })
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    const one = await api('GET', `/api/webhooks/${created.body.id}`, world.key)
    expect(one.body).toEqual(created.body)
    const list = await api('GET', '/api/webhooks', world.key)
    expect(list.body.map((w: { id: string }) => w.id)).toContain(created.body.id)
    const withSecret = await api('POST', '/api/webhooks', world.key, { name: 'S', url: receiver.url, secret: 'optional_secret_for_hmac', sessionId: null, events: ['*'] })
    expect(withSecret.body.secret).toBe('optional_secret_for_hmac')
  })

  it('patches any of the seed fields, records nothing when nothing changes, and deletes with { success: true }', async () => {
    const { sessionId } = await world.session()
    const { body: hook } = await api('POST', '/api/webhooks', world.key, { name: 'A', url: receiver.url, events: ['message.received'] })
    const patched = await api('PATCH', `/api/webhooks/${hook.id}`, world.key, {
      name: 'Updated Name',
      url: `${receiver.url}?v=2`,
      secret: 'new_secret',
      events: ['message.received', 'connection.update'],
      isActive: false,
      sessionId,
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ name: 'Updated Name', url: `${receiver.url}?v=2`, secret: 'new_secret', events: ['message.received', 'connection.update'], isActive: false, sessionId })
    const stream = () => world.gw.gateway.store.readStream(`webhook-${hook.id}`)
    const before = (await stream()).length
    const same = await api('PATCH', `/api/webhooks/${hook.id}`, world.key, { name: 'Updated Name', secret: 'new_secret' })
    expect(same.status).toBe(200)
    expect((await stream()).length).toBe(before)
    const deleted = await api('DELETE', `/api/webhooks/${hook.id}`, world.key)
    expect(deleted).toMatchObject({ status: 200, body: { success: true } })
    expect((await api('GET', `/api/webhooks/${hook.id}`, world.key)).status).toBe(404)
    expect((await api('PATCH', `/api/webhooks/${hook.id}`, world.key, { name: 'x' })).status).toBe(404)
    expect((await api('DELETE', `/api/webhooks/${hook.id}`, world.key)).status).toBe(404)
  })

  it('answers 400 with what is wrong', async () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ url: receiver.url, events: ['*'] }, /name is required/],
      [{ name: 'x', events: ['*'] }, /url is required/],
      [{ name: 'x', url: receiver.url }, /events is required/],
      [{ name: 'x', url: receiver.url, events: [] }, /events/],
      [{ name: 'x', url: receiver.url, events: ['message.recieved'] }, /unknown event "message.recieved"/],
      [{ name: 'x', url: 'ftp://example.com/x', events: ['*'] }, /http\(s\)/],
      [{ name: 'x', url: 'not a url', events: ['*'] }, /url/],
      [{ name: 'x', url: receiver.url, events: ['*'], colour: 'red' }, /unknown key "colour"/],
      [{ name: '   ', url: receiver.url, events: ['*'] }, /name/],
    ]
    for (const [body, message] of bad) {
      const response = await api('POST', '/api/webhooks', world.key, body)
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 400])
      expect(response.body.error).toMatch(message)
    }
    const { body: hook } = await api('POST', '/api/webhooks', world.key, { name: 'x', url: receiver.url, events: ['*'] })
    expect((await api('PATCH', `/api/webhooks/${hook.id}`, world.key, {})).status).toBe(400)
    expect((await api('PATCH', `/api/webhooks/${hook.id}`, world.key, { events: ['nope'] })).status).toBe(400)
    expect((await api('GET', `/api/webhooks/${hook.id}/deliveries?state=lost`, world.key)).status).toBe(400)
    expect((await api('POST', `/api/webhooks/${hook.id}/replay`, world.key, {})).body.error).toMatch(/exactly one of fromPosition/)
    expect((await api('POST', `/api/webhooks/${hook.id}/replay`, world.key, { since: 'yesterday' })).status).toBe(400)
  })

  it('keeps webhooks to their owner: 401 anonymous, 404 to other tenants, all to a superadmin; a session must be one the caller sees', async () => {
    const { body: hook } = await api('POST', '/api/webhooks', world.key, { name: 'mine', url: receiver.url, events: ['*'] })
    const stranger = await world.user('OWNER')
    const admin = await world.user('SUPERADMIN')
    const { sessionId: ownSession } = await world.session()
    const paths: Array<[string, string, unknown?]> = [
      ['GET', `/api/webhooks/${hook.id}`],
      ['PATCH', `/api/webhooks/${hook.id}`, { name: 'taken' }],
      ['GET', `/api/webhooks/${hook.id}/deliveries`],
      ['POST', `/api/webhooks/${hook.id}/replay`, { fromPosition: '1' }],
      ['POST', `/api/webhooks/${hook.id}/deliveries/00000000-0000-8000-8000-000000000000/redeliver`, {}],
      ['DELETE', `/api/webhooks/${hook.id}`],
    ]
    for (const [method, path, body] of paths) {
      expect([method, path, (await api(method, path, undefined, body)).status]).toEqual([method, path, 401])
      expect([method, path, (await api(method, path, stranger.apiKey, body)).status]).toEqual([method, path, 404])
    }
    expect((await api('GET', '/api/webhooks', stranger.apiKey)).body).toEqual([])
    expect((await api('GET', '/api/webhooks', admin.apiKey)).body.map((w: { id: string }) => w.id)).toContain(hook.id)
    expect((await api('PATCH', `/api/webhooks/${hook.id}`, admin.apiKey, { name: 'by admin' })).body).toMatchObject({ name: 'by admin', userId: world.userId })
    expect((await api('POST', '/api/webhooks', stranger.apiKey, { name: 'x', url: receiver.url, events: ['*'], sessionId: ownSession })).status).toBe(404)
    expect((await api('PATCH', `/api/webhooks/${hook.id}`, stranger.apiKey, { sessionId: ownSession })).status).toBe(404)
    expect((await api('DELETE', `/api/webhooks/${hook.id}`, admin.apiKey)).status).toBe(200)
  })

  it('keeps secrets sealed: not in the read model, the log, the audit log or the gateway log', async () => {
    const secret = 'a-very-recognisable-secret-0123456789'
    const { body: hook } = await api('POST', '/api/webhooks', world.key, { name: 'sealed', url: receiver.url, secret, events: ['*'] })
    await api('PATCH', `/api/webhooks/${hook.id}`, world.key, { secret: `${secret}-2` })
    const db = world.gw.gateway.db as never
    const { rows } = await sql<{ text: string }>`
      SELECT (SELECT string_agg(sealed_secret, ',') FROM webhooks) || (SELECT string_agg(data::text, ',') FROM events) || (SELECT coalesce(string_agg(data::text, ','), '') FROM audit_log) AS text`.execute(db)
    expect(rows[0]!.text).not.toContain(secret)
    const admin = await world.user('SUPERADMIN')
    const audit = await api('GET', '/api/audit?type=webhook.created&limit=1000', admin.apiKey)
    const mine = audit.body.find((e: { streamId: string }) => e.streamId === `webhook-${hook.id}`)
    expect(mine.data).not.toHaveProperty('sealedSecret')
    expect(mine.data).toMatchObject({ name: 'sealed', url: receiver.url })
    expect(world.gw.logs()).not.toContain(secret)
  })
})

describe('webhook targets on private networks', () => {
  let gw: TestGateway
  let key: string
  beforeAll(async () => {
    gw = await startTestGateway()
    key = (await gw.request('POST', '/api/test/create-user')).body.apiKey
  })
  afterAll(() => gw?.close())

  it('are refused unless OUTBOUND_ALLOW_PRIVATE_NETWORKS=true, by address and by name', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost:8080/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest', 'http://[::1]:9000/x', 'http://192.168.1.10/x']) {
      const response = await gw.request('POST', '/api/webhooks', { key, body: { name: 'x', url, events: ['*'] } })
      expect([url, response.status]).toEqual([url, 400])
      expect(response.body.error).toMatch(/OUTBOUND_ALLOW_PRIVATE_NETWORKS=true/)
    }
    const ok = await gw.request('POST', '/api/webhooks', { key, body: { name: 'x', url: 'https://93.184.215.14/hook', events: ['*'] } })
    expect(ok.status).toBe(200)
    const patched = await gw.request('PATCH', `/api/webhooks/${ok.body.id}`, { key, body: { url: 'http://127.0.0.1/x' } })
    expect(patched.status).toBe(400)
  })
})
