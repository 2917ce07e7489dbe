import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'
import { NATS_URL } from '../support/nats.ts'
import { createTestDatabase, DATABASE_URL } from '../support/postgres.ts'
import { ScriptedDriver } from '../support/scripted-driver.ts'
import { createRule, repliesOf, textFrom } from './support.ts'

const me = { jid: '6281200000001@s.whatsapp.net' }

/** Two gateways on one Postgres and NATS: both run the consumer; only the session's node sends. */
describe.skipIf(!NATS_URL || !DATABASE_URL)('auto-replies on two nodes', () => {
  let database: { url: string; drop: () => Promise<void> }
  const drivers = { a: new ScriptedDriver(), b: new ScriptedDriver() }
  const nodes: Partial<Record<'a' | 'b', TestGateway>> = {}
  const start = (node: 'a' | 'b') =>
    startTestGateway({ driver: () => drivers[node], databaseUrl: database.url, env: { GATEWAY_SECRET_KEY: 'autoreply-two-nodes-test-secret-key-0123456789', NATS_URL: NATS_URL!, NODE_ID: `autoreply-${node}-${randomUUID().slice(0, 6)}` } })

  beforeAll(async () => {
    database = await createTestDatabase()
    nodes.a = await start('a')
    nodes.b = await start('b')
  }, 60_000)
  afterAll(async () => {
    await nodes.b?.close()
    await nodes.a?.close()
    await database?.drop()
  })

  it('answers each message once from the node that runs the session, and from the other after a failover', async () => {
    const a = nodes.a!
    const b = nodes.b!
    const key = (await a.request('POST', '/api/test/create-user')).body.apiKey
    const { sessionId } = (await a.request('POST', '/api/sessions', { key, body: { name: 'Shop', config: { autoReplyEnabled: true } } })).body
    const first = await drivers.a.connection(sessionId)
    first.emit({ type: 'open', me })
    await eventually(async () => expect((await b.request('GET', `/api/sessions/${sessionId}`, { key })).body.status).toBe('CONNECTED'))
    await createRule(b, key, { sessionId, keyword: 'hello', response: 'Hi!', matchType: 'CONTAINS' })

    const chats = Array.from({ length: 10 }, (_, n) => `62813${String(n).padStart(8, '0')}@s.whatsapp.net`)
    first.emit({ type: 'traffic', events: chats.map((chat) => ({ id: randomUUID(), type: 'message.received', data: textFrom(chat, 'hello there') })) })
    await eventually(async () => expect((await repliesOf(a, sessionId)).filter((r) => r.status === 'SENT')).toHaveLength(10), { timeoutMs: 20_000 })
    expect(first.sent.map((m) => m.jid).sort()).toEqual([...chats].sort())
    expect(drivers.b.connections).toEqual([])

    // Node a goes away; node b adopts the session and answers from then on.
    delete nodes.a
    await a.close()
    const takeover = await drivers.b.connection(sessionId, 1, 20_000)
    takeover.emit({ type: 'open', me })
    await eventually(async () => expect((await b.request('GET', `/api/sessions/${sessionId}`, { key })).body.status).toBe('CONNECTED'))
    const late = '6281399999999@s.whatsapp.net'
    takeover.emit({ type: 'traffic', events: [{ id: randomUUID(), type: 'message.received', data: textFrom(late, 'hello again') }] })
    await eventually(() => expect(takeover.sent.map((m) => m.jid)).toEqual([late]), { timeoutMs: 20_000 })
    await eventually(async () => expect((await repliesOf(b, sessionId)).map((r) => r.status)).toEqual(Array(11).fill('SENT')))
    expect(first.sent).toHaveLength(10)
  }, 60_000)
})
