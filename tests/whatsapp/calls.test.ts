import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'
import { startReceiver, type Receiver } from '../webhooks/receiver.ts'

interface Contact {
  pn: string
  jid: string
  lid: string
  lidJid: string
}

/**
 * Calls through real Baileys and the sandbox: a contact's call offer is a call.received event
 * (webhook, caller canonical); with rejectCalls on, the client declines it on the wire and, with
 * rejectCallsMessage, the caller gets that text.
 */
describe('calls end to end', () => {
  let world: WhatsAppWorld
  let receiver: Receiver
  let sessionId: string
  let phone: { pn: string; jid: string }
  const call = (method: string, path: string, body?: unknown) => world.gateway.request(method, path, { key: world.key, body })
  const settings = async (config: Record<string, unknown>) => {
    const response = await call('PATCH', `/api/sessions/${sessionId}/settings`, { config })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body
  }
  const callReceived = (callId: string) =>
    eventually(() => {
      const found = receiver.received.find((r) => r.body.event === 'call.received' && r.body.data?.id === callId)
      expect(found).toBeDefined()
      return found!.body
    })

  beforeAll(async () => {
    receiver = await startReceiver()
    world = await startWhatsAppWorld({ gateway: { env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } } })
    ;({ sessionId, phone } = await pairNewSession(world, 'Calls phone'))
    const hook = await call('POST', '/api/webhooks', { name: 'Calls', url: receiver.url, sessionId, events: ['call.received'] })
    expect(hook.status, JSON.stringify(hook.body)).toBe(200)
  }, 60_000)
  afterAll(async () => {
    await world?.close()
    await receiver?.close()
  })

  it('tells a call by webhook and lets it ring while rejectCalls is off', async () => {
    const adit = world.sandbox.api.createContact({ name: 'Adit' }) as Contact
    const placed = world.sandbox.api.placeCall({ from: adit.pn, to: phone.pn, video: true })
    const body = await callReceived(placed.id)
    expect(body).toMatchObject({
      event: 'call.received',
      sessionId,
      data: { id: placed.id, from: adit.jid, fromAlt: adit.lidJid, isVideo: true, isGroup: false, status: 'offer', rejected: false, at: expect.any(String) },
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(world.sandbox.api.calls(phone.pn).find((c) => c.id === placed.id)?.outcome).toBe('ringing')
  })

  it('rejects the call when rejectCalls is on, and answers with rejectCallsMessage through the send path', async () => {
    expect((await settings({ rejectCalls: true, rejectCallsMessage: 'Sorry, calls are not answered here. Please write.' })).config).toMatchObject({
      rejectCalls: true,
      rejectCallsMessage: 'Sorry, calls are not answered here. Please write.',
    })
    const budi = world.sandbox.api.createContact({ name: 'Budi' }) as Contact
    const placed = world.sandbox.api.placeCall({ from: budi.pn, to: phone.pn })
    const rejected = await world.sandbox.api.waitForCallRejected(placed.id, 10_000)
    expect(rejected).toMatchObject({ outcome: 'rejected', from: budi.pn, to: phone.pn })
    expect((await callReceived(placed.id)).data).toMatchObject({ from: budi.jid, isVideo: false, rejected: true })
    const reply = await world.sandbox.api.waitForSent({ phone: phone.pn, to: budi.pn, timeoutMs: 15_000 })
    expect(reply.text).toBe('Sorry, calls are not answered here. Please write.')
  })

  it('rejects without a text when rejectCallsMessage is null', async () => {
    await settings({ rejectCallsMessage: null })
    const citra = world.sandbox.api.createContact({ name: 'Citra' }) as Contact
    const placed = world.sandbox.api.placeCall({ from: citra.pn, to: phone.pn })
    await world.sandbox.api.waitForCallRejected(placed.id, 10_000)
    await callReceived(placed.id)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(world.sandbox.api.listSent({ phone: phone.pn, to: citra.pn })).toEqual([])
  })

  it('validates the call settings', async () => {
    for (const config of [{ rejectCalls: 'yes' }, { rejectCallsMessage: '' }, { rejectCallsMessage: 'x'.repeat(4097) }, { rejectCallsMessage: 5 }]) {
      const response = await call('PATCH', `/api/sessions/${sessionId}/settings`, { config })
      expect([response.status, typeof response.body.error], JSON.stringify(config)).toEqual([400, 'string'])
    }
  })
})
