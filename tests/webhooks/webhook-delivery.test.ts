import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets } from '../support/databases.ts'
import { eventually } from '../support/eventually.ts'
import { startReceiver, verifyWebhook, type Receiver } from './receiver.ts'
import { startScriptedWorld, type ScriptedWorld } from './scripted-world.ts'

const FAST_RETRIES = { WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_RETRY_MAX_DELAY_MS: '200', WEBHOOK_TIMEOUT_MS: '2000' }

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`webhook delivery (${kind})`, () => {
    let world: ScriptedWorld
    let receiver: Receiver
    beforeAll(async () => {
      world = await startScriptedWorld({ database: kind, env: FAST_RETRIES })
      receiver = await startReceiver()
    })
    afterAll(async () => {
      await world?.close()
      await receiver?.close()
    })
    const create = async (body: Record<string, unknown>, key = world.key) => {
      const response = await world.gw.request('POST', '/api/webhooks', { key, body: { name: 'My Server', url: receiver.url, ...body } })
      expect(response.status, JSON.stringify(response.body)).toBe(200)
      return response.body as { id: string; secret: string }
    }

    it("delivers the seed's payload, signed so that the seed's snippet verifies it, with a stable id, a timestamp and a replay-proof signature", async () => {
      const { sessionId, connection } = await world.session()
      const hook = await create({ secret: 'optional_hmac_secret', sessionId, events: ['message.received'] })
      const [keyId] = world.receive(connection, 1)
      const request = await eventually(() => {
        const found = receiver.received.find((r) => r.body.data?.keyId === keyId)
        if (!found) throw new Error('not delivered yet')
        return found
      })
      expect(request.body).toEqual({
        event: 'message.received',
        sessionId,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        data: expect.objectContaining({ keyId, remoteJid: '6287748687946@s.whatsapp.net', fromMe: false, pushName: 'Adit', content: { conversation: `hello ${keyId}` }, timestamp: 1736503800 }),
      })
      expect(request.headers['content-type']).toBe('application/json')
      expect(verifyWebhook(request.body, String(request.headers['x-webhook-signature']), 'optional_hmac_secret')).toBe(true)
      expect(request.raw).toBe(JSON.stringify(request.body))
      const stored = (await world.gw.gateway.store.readStream(`messages-${sessionId}`)).find((e) => (e.data as { keyId: string }).keyId === keyId)!
      expect(request.headers['x-webhook-id']).toBe(stored.id)
      const timestamp = Number(request.headers['x-webhook-timestamp'])
      expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60)
      const v2 = 'sha256=' + createHmac('sha256', 'optional_hmac_secret').update(`${stored.id}.${timestamp}.${request.raw}`).digest('hex')
      expect(request.headers['x-webhook-signature-v2']).toBe(v2)
      expect(request.headers['x-webhook-event']).toBe('message.received')

      const log = await world.gw.request('GET', `/api/webhooks/${hook.id}/deliveries`, { key: world.key })
      expect(log.status).toBe(200)
      expect(log.body).toHaveLength(1)
      expect(log.body[0]).toMatchObject({ eventId: stored.id, event: 'message.received', sessionId, state: 'delivered', attempts: 1, lastStatusCode: 200 })
      expect(log.body[0].attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: 200, error: null, latencyMs: expect.any(Number) })])
    })

    it('delivers every event of a session in order, none twice, while the receiver fails and after it comes back', async () => {
      const { sessionId, connection } = await world.session()
      const hook = await create({ sessionId, events: ['*'] })
      const mine = () => receiver.received.filter((r) => r.body.sessionId === sessionId && r.body.event === 'message.received')
      let failing = true
      receiver.respond = (r) => (failing && r.body.sessionId === sessionId ? 503 : 200)
      const sent = [...world.receive(connection, 20), ...world.receive(connection, 30)]
      await eventually(() => expect(receiver.requests.filter((r) => r.body.sessionId === sessionId).length).toBeGreaterThan(3))
      expect(mine()).toHaveLength(0)
      // Head of line: only the first event of the lane was tried while failing.
      const tried = new Set(receiver.requests.filter((r) => r.body.sessionId === sessionId).map((r) => r.id))
      expect(tried.size).toBe(1)
      await receiver.down()
      world.receive(connection, 0)
      const more = world.receive(connection, 10)
      await new Promise((resolve) => setTimeout(resolve, 300))
      failing = false
      await receiver.up()
      await eventually(() => expect(mine().map((r) => r.body.data.keyId)).toEqual([...sent, ...more]), { timeoutMs: 20_000 })
      const ids = mine().map((r) => r.id)
      expect(new Set(ids).size).toBe(ids.length)
      // The receiver has the last request before the deliverer has written its outcome: wait for the log.
      const deliveries = await eventually(async () => {
        const answer = await world.gw.request('GET', `/api/webhooks/${hook.id}/deliveries?limit=500&event=message.received`, { key: world.key })
        expect(answer.body.every((d: { state: string }) => d.state === 'delivered')).toBe(true)
        return answer
      })
      const first = deliveries.body.at(-1)
      expect(first.attempts).toBeGreaterThan(1)
      expect(first.attemptLog.slice(0, -1).every((a: { statusCode: number | null; error: string | null }) => a.statusCode === 503 || a.error !== null)).toBe(true)
      receiver.respond = () => 200
    })
  })
}
