import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

describe('text messages end to end: gateway → Baileys → sandbox and back', () => {
  let world: WhatsAppWorld
  let sessionId: string
  let phone: { pn: string; jid: string }
  let contact: { pn: string; jid: string; name: string }
  const chat = async (jid: string) =>
    (await world.gateway.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(jid)}`, { key: world.key })).body as Array<Record<string, any>>

  beforeAll(async () => {
    world = await startWhatsAppWorld()
    ;({ sessionId, phone } = await pairNewSession(world, 'Sender'))
    contact = world.sandbox.api.createContact({ name: 'Adit' }) as typeof contact
  })
  afterAll(() => world?.close())

  it('sends exactly the text to the recipient and records it; receipts move it through SENT, DELIVERED, READ', async () => {
    const since = world.sandbox.api.cursor()
    const send = await world.gateway.request('POST', '/api/chat/send', {
      key: world.key,
      body: { sessionId, jid: contact.jid, message: { text: 'Hello from API! ✓' } },
    })
    expect(send.status).toBe(200)
    expect(send.body).toMatchObject({ success: true, messageId: expect.any(String) })
    const record = await world.sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid, since, timeoutMs: 10_000 })
    expect(record).toMatchObject({ id: send.body.messageId, text: 'Hello from API! ✓', status: 'server_ack' })

    const [message] = await eventually(async () => {
      const messages = await chat(contact.jid)
      expect(messages).toHaveLength(1)
      expect(messages[0]!.status).toBe('SENT')
      return messages
    })
    expect(message).toMatchObject({
      remoteJid: contact.jid,
      senderJid: null,
      fromMe: true,
      keyId: send.body.messageId,
      type: 'TEXT',
      content: 'Hello from API! ✓',
      mediaUrl: null,
      quoteId: null,
    })
    for (const field of ['id', 'sessionId', 'pushName', 'timestamp']) expect(message).toHaveProperty(field)

    world.sandbox.api.sendReceipt({ messageId: send.body.messageId, type: 'delivery' })
    await eventually(async () => expect((await chat(contact.jid))[0]!.status).toBe('DELIVERED'))
    world.sandbox.api.sendReceipt({ messageId: send.body.messageId, type: 'read' })
    await eventually(async () => expect((await chat(contact.jid))[0]!.status).toBe('READ'))
    const statuses = (await world.gateway.gateway.store.readStream(`messages-${sessionId}`))
      .filter((e) => e.type === 'message.status')
      .map((e) => (e.data as { status: string }).status)
    expect(statuses).toEqual(['SENT', 'DELIVERED', 'READ'])
  })

  it('stores a message from a contact as message.received and shows it in the chat', async () => {
    const sent = await world.sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: 'Hi there, gateway' })
    const message = await eventually(async () => {
      const found = (await chat(contact.jid)).find((m) => m.keyId === sent.id)
      expect(found).toBeDefined()
      return found!
    })
    expect(message).toMatchObject({ fromMe: false, type: 'TEXT', content: 'Hi there, gateway', pushName: 'Adit', remoteJid: contact.jid })
    const received = (await world.gateway.gateway.store.readStream(`messages-${sessionId}`)).find((e) => e.type === 'message.received')!
    expect(received.data).toMatchObject({ keyId: sent.id, fromMe: false, content: { conversation: 'Hi there, gateway' } })
  })

  it('records a send WhatsApp rejects as FAILED', async () => {
    world.sandbox.api.faults.rejectNextSend({ phone: phone.pn, delayMs: 300 })
    const send = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: contact.jid, message: { text: 'doomed' } } })
    expect(send.status).toBe(200)
    await eventually(async () => expect((await chat(contact.jid)).find((m) => m.keyId === send.body.messageId)?.status).toBe('FAILED'))
  })

  it('answers 400 for a bad JID or message and 503 when the session is not connected', async () => {
    for (const jid of ['12345', 'abc@s.whatsapp.net', '6281@example.com', '']) {
      const response = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid, message: { text: 'x' } } })
      expect([jid, response.status]).toEqual([jid, 400])
      expect(response.body.error).toMatch(/jid/)
    }
    expect((await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: contact.jid, message: {} } })).status).toBe(400)
    expect((await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { jid: contact.jid, message: { text: 'x' } } })).status).toBe(400)

    const { body: idle } = await world.gateway.request('POST', '/api/sessions', { key: world.key, body: { name: 'Idle' } })
    await world.gateway.request('POST', `/api/sessions/${idle.sessionId}/stop`, { key: world.key })
    const offline = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId: idle.sessionId, jid: contact.jid, message: { text: 'x' } } })
    expect(offline.status).toBe(503)
    expect(offline.body.error).toMatch(/DISCONNECTED, not CONNECTED/)
  })
})
