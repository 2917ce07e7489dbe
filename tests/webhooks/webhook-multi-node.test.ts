import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { NATS_URL } from '../support/nats.ts'
import { createTestDatabase, DATABASE_URL } from '../support/postgres.ts'
import { startReceiver, type Receiver } from './receiver.ts'
import { startScriptedWorld, type ScriptedWorld } from './scripted-world.ts'

/** Two gateway nodes sharing Postgres and NATS: they share the delivery work, and each event goes out once. */
describe.skipIf(!DATABASE_URL || !NATS_URL)('webhook delivery on two nodes', () => {
  let a: ScriptedWorld
  let b: ScriptedWorld
  let receiver: Receiver
  let drop: () => Promise<void>
  beforeAll(async () => {
    const database = await createTestDatabase()
    drop = database.drop
    // One cluster: the same secret key on both nodes (API keys and webhook secrets must open on either).
    const env = (nodeId: string) => ({ NATS_URL: NATS_URL!, NODE_ID: nodeId, WEBHOOK_CONCURRENCY: '2', GATEWAY_SECRET_KEY: 'multi-node-test-secret-key-0123456789' })
    a = await startScriptedWorld({ databaseUrl: database.url, env: env('node-a') })
    b = await startScriptedWorld({ databaseUrl: database.url, env: env('node-b') })
    receiver = await startReceiver()
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
    await receiver?.close()
    await drop?.()
  })

  it('delivers every event once, in order per session, whichever node routes and sends it', async () => {
    const sessions = [await a.session(), await a.session(), await a.session(), await a.session()]
    // Created on the other node, by the same user.
    const created = await b.gw.request('POST', '/api/webhooks', { key: a.key, body: { name: 'both', url: receiver.url, events: ['message.received'] } })
    expect(created.status).toBe(200)
    const sent = new Map<string, string[]>()
    for (let round = 0; round < 10; round++) {
      for (const { sessionId, connection } of sessions) sent.set(sessionId, [...(sent.get(sessionId) ?? []), ...a.receive(connection, 10, `${sessionId}-`)])
    }
    const total = [...sent.values()].reduce((n, keys) => n + keys.length, 0)
    await eventually(() => expect(receiver.received.length).toBe(total), { timeoutMs: 30_000 })
    for (const { sessionId } of sessions) {
      expect(receiver.received.filter((r) => r.body.sessionId === sessionId).map((r) => r.body.data.keyId)).toEqual(sent.get(sessionId))
    }
    expect(receiver.uniqueIds()).toHaveLength(total)
    const deliveries = (await a.gw.request('GET', `/api/webhooks/${created.body.id}/deliveries?limit=500`, { key: a.key })).body as Array<{ state: string; attemptLog: Array<{ nodeId: string }> }>
    expect(deliveries).toHaveLength(total)
    expect(deliveries.every((d) => d.state === 'delivered' && d.attemptLog.length === 1)).toBe(true)
    const byNode = Object.groupBy(deliveries, (d) => d.attemptLog[0]!.nodeId)
    console.log(`deliveries by node: ${JSON.stringify(Object.fromEntries(Object.entries(byNode).map(([node, list]) => [node, list!.length])))}`)
  })
})
