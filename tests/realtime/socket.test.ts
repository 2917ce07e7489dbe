import { randomUUID } from 'node:crypto'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { textMessage } from '../webhooks/scripted-world.ts'
import { eventually } from '../support/eventually.ts'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'
import { ScriptedDriver } from '../support/scripted-driver.ts'
import { connectSocket, connected, type RecordingSocket } from './socket-client.ts'

describe('Socket.io: the seed stream, authenticated, room per session', () => {
  let gw: TestGateway
  const driver = new ScriptedDriver()
  const sockets: RecordingSocket[] = []
  const open = (options: Parameters<typeof connectSocket>[1] = {}) => {
    const client = connectSocket(gw.url, options)
    sockets.push(client)
    return client
  }
  const createUser = async (role = 'OWNER') => (await gw.request('POST', '/api/test/create-user', { body: { role, password: 'password-123' } })).body as { id: string; apiKey: string; email: string }
  const newSession = async (key: string) => {
    const { body } = await gw.request('POST', '/api/sessions', { key, body: { name: 'Phone' } })
    return { sessionId: body.sessionId as string, connection: await driver.connection(body.sessionId) }
  }
  beforeAll(async () => {
    gw = await startTestGateway({ driver: () => driver })
  })
  afterAll(async () => {
    for (const s of sockets) s.close()
    await gw?.close()
  })

  it("follows the seed's example with an API key: join-session, then connection.update, qr and message", async () => {
    const owner = await createUser()
    const { sessionId, connection } = await newSession(owner.apiKey)
    // The seed's client code, plus `auth: { apiKey }`.
    const socket = io(gw.url, { auth: { apiKey: owner.apiKey }, reconnection: false })
    const heard: Array<[string, any]> = []
    socket.onAny((event: string, payload: unknown) => heard.push([event, payload]))
    socket.on('connect', () => {
      socket.emit('join-session', { sessionId })
    })
    try {
      await eventually(() => expect(heard.some(([e]) => e === 'joined')).toBe(true))
      // On joining, before the confirmation: where the session stands now.
      expect(heard.findIndex(([e]) => e === 'connection.update')).toBeLessThan(heard.findIndex(([e]) => e === 'joined'))
      expect(heard.find(([e]) => e === 'connection.update')![1]).toMatchObject({ sessionId, status: expect.any(String), qr: null })
      connection.emit({ type: 'qr', qr: '2@seed-example-qr' })
      await eventually(() => expect(heard.filter(([e]) => e === 'qr').map(([, p]) => p)).toEqual([{ sessionId, qr: '2@seed-example-qr' }]))
      expect(heard.filter(([e]) => e === 'connection.update').at(-1)![1]).toMatchObject({ sessionId, status: 'CONNECTING', qr: '2@seed-example-qr' })
      connection.emit({ type: 'open', me: { jid: '6281200000001@s.whatsapp.net' } })
      await eventually(() => expect(heard.filter(([e]) => e === 'connection.update').at(-1)![1]).toMatchObject({ sessionId, status: 'CONNECTED', qr: null }))
      connection.emit({ type: 'traffic', events: [{ id: randomUUID(), type: 'message.received', data: textMessage('K1', 'Hello!') }] })
      await eventually(() =>
        expect(heard.find(([e]) => e === 'message')?.[1]).toMatchObject({ sessionId, keyId: 'K1', remoteJid: '6287748687946@s.whatsapp.net', fromMe: false, pushName: 'Adit', content: { conversation: 'Hello!' } }),
      )
      expect(heard.find(([e]) => e === 'message.received')?.[1]).toMatchObject({ event: 'message.received', sessionId, data: { keyId: 'K1' } })
    } finally {
      socket.close()
    }
  })

  it('authenticates by the X-API-Key header or the session cookie, and refuses sockets without valid credentials', async () => {
    const owner = await createUser()
    const { sessionId } = await newSession(owner.apiKey)
    const byHeader = open({ extraHeaders: { 'X-API-Key': owner.apiKey } })
    await connected(byHeader)
    expect(await byHeader.join(sessionId)).toMatchObject({ ok: true, sessionId })

    const login = await gw.request('POST', '/api/auth/login', { body: { email: owner.email, password: 'password-123' } })
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const byCookie = open({ extraHeaders: { cookie } })
    await connected(byCookie)
    expect(await byCookie.join(sessionId)).toMatchObject({ ok: true, sessionId })
    const host = new URL(gw.url).host
    await expect(connected(open({ extraHeaders: { cookie, origin: 'https://evil.example' } }))).rejects.toThrow(/cross-site socket refused/)
    await connected(open({ extraHeaders: { cookie, origin: `http://${host}` } }))

    await expect(connected(open())).rejects.toThrow(/authentication required/)
    await expect(connected(open({ auth: { apiKey: 'wag_not-a-real-key-000000000000000000' } }))).rejects.toThrow(/invalid credentials/)
    await expect(connected(open({ extraHeaders: { cookie: 'authjs.session-token=forged-token-0000000000000' } }))).rejects.toThrow(/invalid credentials/)
    // A bad percent-escape in the cookie is a clean refusal with a reason, and the gateway goes on serving.
    for (const bad of ['%E0%A4%A', '%zz', '%']) {
      await expect(connected(open({ extraHeaders: { cookie: `authjs.session-token=${bad}` } })), bad).rejects.toThrow(/cookie is malformed/)
    }
    await connected(open({ extraHeaders: { 'X-API-Key': owner.apiKey } }))
  })

  it('refuses a join to a session the caller may not see, and keeps its events from them', async () => {
    const owner = await createUser()
    const stranger = await createUser()
    const { sessionId, connection } = await newSession(owner.apiKey)
    const client = open({ auth: { apiKey: stranger.apiKey } })
    await connected(client)
    expect(await client.join(sessionId)).toEqual({ ok: false, error: `session ${sessionId} not found` })
    expect(await client.next('join-error')).toEqual({ sessionId, error: `session ${sessionId} not found` })
    expect(await client.join('')).toMatchObject({ ok: false, error: 'join-session needs { sessionId }' })
    const admin = open({ auth: { apiKey: (await createUser('SUPERADMIN')).apiKey } })
    await connected(admin)
    expect(await admin.join(sessionId)).toMatchObject({ ok: true })
    connection.emit({ type: 'qr', qr: '2@private' })
    await admin.next('qr', (p) => p.qr === '2@private')
    expect(client.heard.filter((h) => h.event === 'qr' || h.event === 'connection.update')).toEqual([])
  })

  it("follows a user's rights: unassigned staff leave the room; a revoked key ends the socket", async () => {
    const owner = await createUser()
    const staff = await createUser('STAFF')
    const admin = await createUser('SUPERADMIN')
    const { sessionId, connection } = await newSession(owner.apiKey)
    const assign = (ids: string[]) => gw.request('PATCH', `/api/admin/users/${staff.id}`, { key: admin.apiKey, body: { assignedSessionIds: ids } })
    expect((await assign([sessionId])).status).toBe(200)
    const client = open({ auth: { apiKey: staff.apiKey } })
    await connected(client)
    expect(await client.join(sessionId)).toMatchObject({ ok: true })
    connection.emit({ type: 'qr', qr: '2@first' })
    await client.next('qr', (p) => p.qr === '2@first')

    expect((await assign([])).status).toBe(200)
    const watcher = open({ auth: { apiKey: owner.apiKey } })
    await connected(watcher)
    await watcher.join(sessionId)
    // Once the owner hears the next QR, the unassigned staff would have too: they must not.
    await eventually(async () => {
      connection.emit({ type: 'qr', qr: `2@after-${randomUUID()}` })
      await watcher.next('qr', (p) => p.qr.startsWith('2@after-'), 1000)
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(client.heard.filter((h) => h.event === 'qr').map((h) => h.payload.qr)).toEqual(['2@first'])

    const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', (reason) => resolve(reason)))
    await gw.request('DELETE', '/api/user/api-key', { key: staff.apiKey })
    expect(await disconnected).toBe('io server disconnect')
  })
})
