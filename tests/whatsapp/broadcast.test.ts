import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

describe('broadcast through real Baileys and the sandbox', () => {
  let world: WhatsAppWorld
  let sessionId: string
  let phone: { pn: string }
  beforeAll(async () => {
    world = await startWhatsAppWorld({ gateway: { env: { BROADCAST_MIN_DELAY_MS: '20', BROADCAST_MAX_DELAY_MS: '60' } } })
    ;({ sessionId, phone } = await pairNewSession(world, 'Broadcaster'))
  })
  afterAll(() => world?.close())

  const contacts = (n: number) => Array.from({ length: n }, () => world.sandbox.api.createContact())
  const progress = async (id: string) => (await world.gateway.request('GET', `/api/messages/broadcast/${id}`, { key: world.key })).body

  it('answers at once as the seed says, then messages every recipient once, with progress per recipient', async () => {
    const recipients = contacts(5).map((c) => c.jid)
    const since = world.sandbox.api.cursor()
    const started = await world.gateway.request('POST', '/api/messages/broadcast', {
      key: world.key,
      body: { sessionId, recipients: [...recipients, recipients[0]], message: 'Hello everyone! This is a broadcast message.', delay: 5000 },
    })
    expect(started.status).toBe(200)
    expect(started.body).toMatchObject({ success: true, message: 'Broadcast started in background', broadcastId: expect.any(String) })
    const done = await eventually(async () => {
      const view = await progress(started.body.broadcastId)
      expect(view.status).toBe('COMPLETED')
      return view
    })
    expect(done).toMatchObject({ total: 5, sent: 5, failed: 0, pending: 0 })
    expect(done.recipients.map((r: { jid: string; status: string }) => [r.jid, r.status])).toEqual(recipients.map((jid) => [jid, 'SENT']))
    const sent = world.sandbox.api.listSent({ phone: phone.pn, since })
    expect(sent.map((r) => r.to).sort()).toEqual([...recipients].sort())
    expect(new Set(sent.map((r) => r.text))).toEqual(new Set(['Hello everyone! This is a broadcast message.']))
  })

  it('stops on cancel: the rest stay PENDING and are never messaged', async () => {
    const slow = await startWhatsAppWorld({ sandbox: world.sandbox, gateway: { env: { BROADCAST_MIN_DELAY_MS: '1500', BROADCAST_MAX_DELAY_MS: '1500' } } })
    try {
      const { sessionId: slowSession, phone: slowPhone } = await pairNewSession(slow, 'Slow')
      const recipients = contacts(4).map((c) => c.jid)
      const since = slow.sandbox.api.cursor()
      const { body } = await slow.gateway.request('POST', '/api/messages/broadcast', { key: slow.key, body: { sessionId: slowSession, recipients, message: 'Maybe' } })
      await slow.sandbox.api.waitForSent({ phone: slowPhone.pn, since, timeoutMs: 10_000 })
      expect((await slow.gateway.request('POST', `/api/messages/broadcast/${body.broadcastId}/cancel`, { key: slow.key })).body).toEqual({ success: true })
      await new Promise((resolve) => setTimeout(resolve, 2500))
      const view = (await slow.gateway.request('GET', `/api/messages/broadcast/${body.broadcastId}`, { key: slow.key })).body
      expect(view).toMatchObject({ status: 'CANCELLED', sent: 1, pending: 3 })
      expect(slow.sandbox.api.listSent({ phone: slowPhone.pn, since })).toHaveLength(1)
      expect((await slow.gateway.request('POST', `/api/messages/broadcast/${body.broadcastId}/cancel`, { key: slow.key })).status).toBe(409)
    } finally {
      await slow.gateway.close()
    }
  })

  it('validates the seed\'s fields and hides other tenants\' broadcasts', async () => {
    const bad = async (body: unknown) => (await world.gateway.request('POST', '/api/messages/broadcast', { key: world.key, body })).status
    expect(await bad({ sessionId, recipients: [], message: 'x' })).toBe(400)
    expect(await bad({ sessionId, recipients: ['not-a-jid'], message: 'x' })).toBe(400)
    expect(await bad({ sessionId, recipients: ['6281234567@s.whatsapp.net'] })).toBe(400)
    expect(await bad({ recipients: ['6281234567@s.whatsapp.net'], message: 'x' })).toBe(400)
    const stranger = (await world.gateway.request('POST', '/api/test/create-user')).body.apiKey
    const { body } = await world.gateway.request('POST', '/api/messages/broadcast', { key: world.key, body: { sessionId, recipients: [contacts(1)[0]!.jid], message: 'mine' } })
    expect((await world.gateway.request('GET', `/api/messages/broadcast/${body.broadcastId}`, { key: stranger })).status).toBe(404)
    expect((await world.gateway.request('POST', '/api/messages/broadcast', { key: stranger, body: { sessionId, recipients: [contacts(1)[0]!.jid], message: 'x' } })).status).toBe(404)
  })
})
