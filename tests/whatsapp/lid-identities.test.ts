import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'
import { startReceiver, type Receiver } from '../webhooks/receiver.ts'

interface Contact {
  pn: string
  jid: string
  lid: string
  lidJid: string
  name: string
}

/**
 * One identity per person: WhatsApp addresses most people by LID now, with the phone number attached
 * or not. Through real Baileys and the sandbox, a person's messages in either form land in one chat,
 * under the phone number once it is known, and every payload names both forms.
 */
describe('LID identities end to end', () => {
  let world: WhatsAppWorld
  let receiver: Receiver
  let sessionId: string
  let phone: { pn: string; jid: string }
  const get = async (path: string) => {
    const response = await world.gateway.request('GET', path, { key: world.key })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body as any
  }
  const chats = async () => (await get(`/api/chat/${sessionId}`)) as Array<{ jid: string; jidAlt: string | null; notify: string | null }>
  const messages = async (jid: string) => (await get(`/api/chat/${sessionId}/${encodeURIComponent(jid)}`)) as Array<Record<string, any>>
  const newContact = (name: string) => world.sandbox.api.createContact({ name }) as Contact
  const say = (contact: Contact, text: string, addressing: 'pn' | 'lid' | 'lid-only') =>
    world.sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text, addressing })

  beforeAll(async () => {
    receiver = await startReceiver()
    world = await startWhatsAppWorld({ gateway: { env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } } })
    ;({ sessionId, phone } = await pairNewSession(world, 'LID phone'))
    const hook = await world.gateway.request('POST', '/api/webhooks', {
      key: world.key,
      body: { name: 'CRM', url: receiver.url, sessionId, events: ['message.received'] },
    })
    expect(hook.status, JSON.stringify(hook.body)).toBe(200)
  }, 60_000)
  afterAll(async () => {
    await world?.close()
    await receiver?.close()
  })

  it('puts a LID message with the number attached in the chat of the earlier phone-number messages; the webhook carries both forms', async () => {
    const adit = newContact('Adit')
    const first = await say(adit, 'hello from my number', 'pn')
    await eventually(async () => expect((await messages(adit.jid)).map((m) => m.keyId)).toEqual([first.id]))
    const second = await say(adit, 'hello from my LID', 'lid')
    await eventually(async () => expect((await messages(adit.jid)).map((m) => m.keyId)).toEqual([first.id, second.id]))

    const mine = (await chats()).filter((c) => c.jid === adit.jid || c.jid === adit.lidJid)
    expect(mine).toEqual([expect.objectContaining({ jid: adit.jid, jidAlt: adit.lidJid, notify: 'Adit' })])
    // Either form names the one chat, and every message says both.
    expect((await messages(adit.lidJid)).map((m) => m.keyId)).toEqual([first.id, second.id])
    expect(await messages(adit.jid)).toEqual([expect.objectContaining({ remoteJid: adit.jid, remoteJidAlt: adit.lidJid })
      , expect.objectContaining({ remoteJid: adit.jid, remoteJidAlt: adit.lidJid })])

    const webhook = await eventually(() => {
      const found = receiver.received.find((r) => r.body.data?.keyId === second.id)
      expect(found).toBeDefined()
      return found!
    })
    expect(webhook.body).toMatchObject({ event: 'message.received', sessionId, data: { remoteJid: adit.jid, remoteJidAlt: adit.lidJid, fromMe: false } })
  })

  it('keeps a LID-only contact under the LID, then merges the chat into the number once WhatsApp tells it, never two chats', async () => {
    const budi = newContact('Budi')
    const hidden = await say(budi, 'number withheld', 'lid-only')
    await eventually(async () => expect((await messages(budi.lidJid)).map((m) => m.keyId)).toEqual([hidden.id]))
    const before = (await chats()).filter((c) => c.jid === budi.jid || c.jid === budi.lidJid)
    expect(before).toEqual([expect.objectContaining({ jid: budi.lidJid, jidAlt: null })])
    const webhook = await eventually(() => {
      const found = receiver.received.find((r) => r.body.data?.keyId === hidden.id)
      expect(found).toBeDefined()
      return found!
    })
    expect(webhook.body.data).toMatchObject({ remoteJid: budi.lidJid, remoteJidAlt: null })

    const shown = await say(budi, 'now with my number', 'lid')
    await eventually(async () => {
      const mine = (await chats()).filter((c) => c.jid === budi.jid || c.jid === budi.lidJid)
      expect(mine).toEqual([expect.objectContaining({ jid: budi.jid, jidAlt: budi.lidJid })])
    })
    expect((await messages(budi.jid)).map((m) => m.keyId)).toEqual([hidden.id, shown.id])
    expect((await messages(budi.lidJid)).map((m) => m.keyId)).toEqual([hidden.id, shown.id])

    // Later messages without the number still land in the one chat: the session knows the pair now.
    const again = await say(budi, 'withheld again', 'lid-only')
    await eventually(async () => expect((await messages(budi.jid)).map((m) => m.keyId)).toEqual([hidden.id, shown.id, again.id]))
    expect((await chats()).filter((c) => c.jid === budi.lidJid)).toEqual([])
  })

  it('sends to a LID as to the number it belongs to: the contact gets it, the chat is the one chat', async () => {
    const citra = newContact('Citra')
    await say(citra, 'hi, I am Citra', 'lid')
    await eventually(async () => expect(await messages(citra.jid)).toHaveLength(1))
    const since = world.sandbox.api.cursor()
    const send = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: citra.lidJid, message: { text: 'hello Citra' } } })
    expect(send.status, JSON.stringify(send.body)).toBe(200)
    expect(send.body.remoteJid).toBe(citra.jid)
    const record = await world.sandbox.api.waitForSent({ phone: phone.pn, to: citra.jid, since, timeoutMs: 10_000 })
    expect(record).toMatchObject({ id: send.body.messageId, text: 'hello Citra', recipient: { pn: citra.pn } })
    await eventually(async () => expect((await messages(citra.jid)).map((m) => m.content)).toEqual(['hi, I am Citra', 'hello Citra']))
  })
})
