import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'
import { NATS_URL } from '../support/nats.ts'
import { createTestDatabase, DATABASE_URL } from '../support/postgres.ts'
import { ScriptedDriver } from '../support/scripted-driver.ts'
import { textMessage } from '../webhooks/scripted-world.ts'
import { connectSocket, connected } from './socket-client.ts'

/** A socket on one node hears a session that runs on another: events travel over NATS. */
describe.skipIf(!DATABASE_URL || !NATS_URL)('Socket.io across two nodes', () => {
  let a: TestGateway
  let b: TestGateway
  const driverA = new ScriptedDriver()
  const driverB = new ScriptedDriver()
  let drop: () => Promise<void>
  beforeAll(async () => {
    const database = await createTestDatabase()
    drop = database.drop
    const env = (nodeId: string) => ({ NATS_URL: NATS_URL!, NODE_ID: nodeId, GATEWAY_SECRET_KEY: 'socket-multi-node-secret-key-0123456789' })
    a = await startTestGateway({ databaseUrl: database.url, driver: () => driverA, env: env('sock-a') })
    b = await startTestGateway({ databaseUrl: database.url, driver: () => driverB, env: env('sock-b') })
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await drop?.()
  })

  it('delivers connection.update, qr and message recorded on node A to a socket joined on node B', async () => {
    const { body: user } = await a.request('POST', '/api/test/create-user')
    const { body: session } = await a.request('POST', '/api/sessions', { key: user.apiKey, body: { name: 'Phone' } })
    const connection = await driverA.connection(session.sessionId)
    expect(driverB.connections).toHaveLength(0)
    const client = connectSocket(b.url, { auth: { apiKey: user.apiKey } })
    try {
      await connected(client)
      await eventually(async () => expect(await client.join(session.sessionId)).toMatchObject({ ok: true }))
      connection.emit({ type: 'qr', qr: '2@from-node-a' })
      expect(await client.next('qr', (p) => p.qr === '2@from-node-a')).toEqual({ sessionId: session.sessionId, qr: '2@from-node-a' })
      connection.emit({ type: 'open', me: { jid: '6281200000001@s.whatsapp.net' } })
      expect(await client.next('connection.update', (p) => p.status === 'CONNECTED')).toMatchObject({ sessionId: session.sessionId, status: 'CONNECTED', qr: null })
      connection.emit({ type: 'traffic', events: [{ id: randomUUID(), type: 'message.received', data: textMessage('CROSS1', 'over NATS') }] })
      expect(await client.next('message')).toMatchObject({ sessionId: session.sessionId, keyId: 'CROSS1', content: { conversation: 'over NATS' } })
    } finally {
      client.close()
    }
  })
})
