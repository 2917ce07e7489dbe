import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SentMessageRecord } from '../../src/sandbox/index.ts'
import { eventually } from '../support/eventually.ts'
import { pictures, startMediaServer, type MediaServer } from '../support/media-fixtures.ts'
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
 * Message actions through real Baileys and the sandbox: edits, deletes for everyone, forwards and
 * polls reach the sandbox as the protocol messages WhatsApp's apps send, contacts' votes are
 * decrypted and counted, contacts' edits change the chat, read receipts and typing go out.
 */
describe('message actions end to end', () => {
  let world: WhatsAppWorld
  let receiver: Receiver
  let media: MediaServer
  let sessionId: string
  let phone: { pn: string; jid: string }
  let ani: Contact

  const post = (path: string, body: unknown) => world.gateway.request('POST', path, { key: world.key, body })
  const ok = async (path: string, body: unknown) => {
    const response = await post(path, body)
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body as any
  }
  const messages = async (jid: string) => {
    const response = await world.gateway.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(jid)}?limit=500`, { key: world.key })
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body as Array<Record<string, any>>
  }
  const message = (jid: string, keyId: string) =>
    eventually(async () => {
      const found = (await messages(jid)).find((m) => m.keyId === keyId)
      expect(found).toBeDefined()
      return found!
    })
  const webhook = (event: string, match: (data: any) => boolean) =>
    eventually(() => {
      const found = receiver.received.find((r) => r.body.event === event && match(r.body.data))
      expect(found, `a ${event} webhook`).toBeDefined()
      return found!.body
    })
  /** Sends through the gateway and answers the sandbox's decrypted record of it. */
  const sendToSandbox = async (path: string, body: Record<string, unknown>, to: string): Promise<{ answer: any; record: SentMessageRecord }> => {
    const since = world.sandbox.api.cursor()
    const answer = await ok(path, body)
    const record = await world.sandbox.api.waitForSent({ phone: phone.pn, to, since, timeoutMs: 15_000 })
    return { answer, record }
  }
  const sendText = async (to: Contact, text: string) => (await sendToSandbox('/api/chat/send', { sessionId, jid: to.jid, message: { text } }, to.jid)).answer.messageId as string

  beforeAll(async () => {
    receiver = await startReceiver()
    const { jpg } = await pictures()
    media = await startMediaServer({ 'photo.jpg': { bytes: jpg, type: 'image/jpeg' } })
    world = await startWhatsAppWorld({ gateway: { env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } } })
    ;({ sessionId, phone } = await pairNewSession(world, 'Actions phone'))
    ani = world.sandbox.api.createContact({ name: 'Ani' }) as Contact
    const hook = await post('/api/webhooks', { name: 'CRM', url: receiver.url, sessionId, events: ['message.edited', 'message.revoked', 'poll.vote', 'message.received'] })
    expect(hook.status, JSON.stringify(hook.body)).toBe(200)
  }, 60_000)
  afterAll(async () => {
    await world?.close()
    await receiver?.close()
    await media?.close()
  })

  it('edits a sent text: the sandbox gets a MESSAGE_EDIT protocol message, the chat shows the new text, message.edited goes out', async () => {
    const keyId = await sendText(ani, 'see you at 5')
    const { answer, record } = await sendToSandbox('/api/chat/edit', { sessionId, jid: ani.jid, messageId: keyId, text: 'see you at 6' }, ani.jid)
    expect(answer).toMatchObject({ success: true, messageId: keyId })
    expect((record.message as any).protocolMessage).toMatchObject({ type: 'MESSAGE_EDIT', key: { id: keyId, fromMe: true }, editedMessage: { extendedTextMessage: { text: 'see you at 6' } } })
    await eventually(async () => expect(await message(ani.jid, keyId)).toMatchObject({ content: 'see you at 6', editedAt: expect.any(String) }))
    expect(await webhook('message.edited', (d) => d.keyId === keyId)).toMatchObject({ sessionId, data: { remoteJid: ani.jid, fromMe: true, text: 'see you at 6' } })
  })

  it('deletes a sent message for everyone: a REVOKE protocol message, message.revoked, gone from the chat', async () => {
    const keyId = await sendText(ani, 'oops, wrong chat')
    const { record } = await sendToSandbox('/api/chat/revoke', { sessionId, jid: ani.jid, messageId: keyId }, ani.jid)
    expect((record.message as any).protocolMessage).toMatchObject({ type: 'REVOKE', key: { id: keyId, fromMe: true } })
    expect(await webhook('message.revoked', (d) => d.keyId === keyId)).toMatchObject({ data: { remoteJid: ani.jid, fromMe: true } })
    await eventually(async () => expect((await messages(ani.jid)).map((m) => m.keyId)).not.toContain(keyId))
  })

  it('forwards a received message to another chat, marked forwarded', async () => {
    const budi = world.sandbox.api.createContact({ name: 'Budi' }) as Contact
    const got = await world.sandbox.api.sendMessage({ from: ani.pn, to: phone.pn, text: 'the address is Jl. Merdeka 17' })
    await message(ani.jid, got.id)
    const { answer, record } = await sendToSandbox('/api/chat/forward', { sessionId, jid: budi.jid, messageId: got.id, fromJid: ani.jid }, budi.jid)
    expect(answer).toMatchObject({ success: true, remoteJid: budi.jid })
    expect(record.id).toBe(answer.messageId)
    expect(record.text).toBe('the address is Jl. Merdeka 17')
    const sent = record.message as any
    expect(sent.extendedTextMessage?.contextInfo ?? sent.conversation).toMatchObject({ isForwarded: true })
    await eventually(async () => expect(await message(budi.jid, answer.messageId)).toMatchObject({ fromMe: true, content: 'the address is Jl. Merdeka 17' }))
  })

  it('sends a poll; contacts vote (LID and phone-number addressed), the votes are decrypted and counted, a changed vote replaces the old', async () => {
    const { answer, record } = await sendToSandbox(
      '/api/chat/send',
      { sessionId, jid: ani.jid, message: { poll: { name: 'Lunch?', values: ['Nasi goreng', 'Soto', 'Sate'], selectableCount: 1 } } },
      ani.jid,
    )
    const pollId = answer.messageId as string
    expect(record.type).toBe('poll')
    const poll = (record.message as any).pollCreationMessageV3
    expect(poll).toMatchObject({ name: 'Lunch?', selectableOptionsCount: 1, options: [{ optionName: 'Nasi goreng' }, { optionName: 'Soto' }, { optionName: 'Sate' }] })
    expect((record.message as any).messageContextInfo?.messageSecret).toEqual(expect.any(String))

    await world.sandbox.api.votePoll({ from: ani.pn, pollId, options: ['Soto'] })
    const vote = await webhook('poll.vote', (d) => d.keyId === pollId && d.voter === ani.jid)
    expect(vote.data).toMatchObject({ remoteJid: ani.jid, fromMe: true, selectedOptions: ['Soto'] })
    await eventually(async () =>
      expect((await message(ani.jid, pollId)).poll).toEqual({
        name: 'Lunch?',
        selectableCount: 1,
        voters: 1,
        options: [
          { name: 'Nasi goreng', votes: 0, voters: [] },
          { name: 'Soto', votes: 1, voters: [ani.jid] },
          { name: 'Sate', votes: 0, voters: [] },
        ],
      }),
    )
    expect(await message(ani.jid, pollId)).toMatchObject({ type: 'POLL', content: 'Lunch?' })

    // The same voter changes their mind, addressed from the phone number this time: the new choice replaces the old.
    await world.sandbox.api.votePoll({ from: ani.pn, pollId, options: ['Sate'], addressing: 'pn' })
    await eventually(async () => {
      const options = (await message(ani.jid, pollId)).poll.options
      expect(options.map((o: any) => [o.name, o.votes])).toEqual([['Nasi goreng', 0], ['Soto', 0], ['Sate', 1]])
    })
    // The vote is no chat message of its own.
    expect((await messages(ani.jid)).filter((m) => m.type === 'OTHER')).toEqual([])
  })

  it('counts the votes of group members on a poll sent to the group', async () => {
    const budi = world.sandbox.api.createContact({ name: 'Budi G' }) as Contact
    const group = world.sandbox.api.createGroup({ creator: phone.pn, subject: 'Lunch club', participants: [ani.pn, budi.pn] })
    const { answer } = await sendToSandbox('/api/chat/send', { sessionId, jid: group.jid, message: { poll: { name: 'Where?', values: ['Warung', 'Kantin'] } } }, group.jid)
    await world.sandbox.api.votePoll({ from: budi.pn, pollId: answer.messageId, options: ['Kantin'] })
    await world.sandbox.api.votePoll({ from: ani.pn, pollId: answer.messageId, options: ['Kantin'] })
    await eventually(async () => {
      const { poll } = await message(group.jid, answer.messageId)
      expect(poll.options).toEqual([
        { name: 'Warung', votes: 0, voters: [] },
        { name: 'Kantin', votes: 2, voters: expect.arrayContaining([budi.jid, ani.jid]) },
      ])
    })
    expect((await webhook('poll.vote', (d) => d.keyId === answer.messageId && d.voter === budi.jid)).data).toMatchObject({ remoteJid: group.jid, voterAlt: budi.lidJid })
  })

  it('a poll also comes beside message, and bad polls are refused', async () => {
    const { answer, record } = await sendToSandbox('/api/chat/send', { sessionId, jid: ani.jid, poll: { name: 'Which days?', values: ['Mon', 'Tue', 'Wed'], selectableCount: 0 } }, ani.jid)
    expect((record.message as any).pollCreationMessage).toMatchObject({ name: 'Which days?', options: [{ optionName: 'Mon' }, { optionName: 'Tue' }, { optionName: 'Wed' }] })
    await world.sandbox.api.votePoll({ from: ani.pn, pollId: answer.messageId, options: ['Mon', 'Wed'] })
    await eventually(async () => {
      const options = (await message(ani.jid, answer.messageId)).poll.options
      expect(options.map((o: any) => o.votes)).toEqual([1, 0, 1])
    })
    for (const poll of [
      { name: 'x', values: ['only one'] },
      { name: 'x', values: ['a', 'a'] },
      { name: '', values: ['a', 'b'] },
      { name: 'x', values: ['a', 'b'], selectableCount: 3 },
      { name: 'x', values: 'a,b' },
    ]) {
      const response = await post('/api/chat/send', { sessionId, jid: ani.jid, message: { poll } })
      expect([response.status, typeof response.body.error], JSON.stringify(poll)).toEqual([400, 'string'])
    }
    const both = await post('/api/chat/send', { sessionId, jid: ani.jid, message: { text: 'hi' }, poll: { name: 'x', values: ['a', 'b'] } })
    expect(both.status).toBe(400)
  })

  it('sends view-once media, and refuses viewOnce on other kinds', async () => {
    const { record } = await sendToSandbox('/api/chat/send', { sessionId, jid: ani.jid, message: { image: { url: media.url('photo.jpg') }, caption: 'once', viewOnce: true } }, ani.jid)
    const sent = record.message as any
    const image = sent.viewOnceMessage?.message?.imageMessage ?? sent.viewOnceMessageV2?.message?.imageMessage ?? sent.imageMessage
    expect(image).toMatchObject({ caption: 'once' })
    expect(sent.viewOnceMessage ?? sent.viewOnceMessageV2 ?? image.viewOnce).toBeTruthy()
    const text = await post('/api/chat/send', { sessionId, jid: ani.jid, message: { text: 'hi', viewOnce: true } })
    expect([text.status, text.body.error]).toEqual([400, expect.stringMatching(/viewOnce/)])
  })

  it("takes a contact's edit and delete: the chat shows the new text, message.edited and message.revoked go out", async () => {
    const got = await world.sandbox.api.sendMessage({ from: ani.pn, to: phone.pn, text: 'meet at the station' })
    await message(ani.jid, got.id)
    await world.sandbox.api.sendMessage({
      from: ani.pn,
      to: phone.pn,
      message: { protocolMessage: { type: 'MESSAGE_EDIT', key: { remoteJid: phone.jid, fromMe: true, id: got.id }, editedMessage: { conversation: 'meet at the mall' }, timestampMs: Date.now() } },
    })
    await eventually(async () => expect(await message(ani.jid, got.id)).toMatchObject({ content: 'meet at the mall', fromMe: false, editedAt: expect.any(String) }))
    expect(await webhook('message.edited', (d) => d.keyId === got.id)).toMatchObject({ data: { remoteJid: ani.jid, fromMe: false, text: 'meet at the mall' } })

    await world.sandbox.api.sendMessage({ from: ani.pn, to: phone.pn, message: { protocolMessage: { type: 'REVOKE', key: { remoteJid: phone.jid, fromMe: true, id: got.id } } } })
    expect(await webhook('message.revoked', (d) => d.keyId === got.id)).toMatchObject({ data: { remoteJid: ani.jid, fromMe: false } })
  })

  it('marks received messages read: the sandbox gets the read receipts', async () => {
    const first = await world.sandbox.api.sendMessage({ from: ani.pn, to: phone.pn, text: 'are you there?' })
    const second = await world.sandbox.api.sendMessage({ from: ani.pn, to: phone.pn, text: 'hello?' })
    await message(ani.jid, second.id)
    expect(await ok('/api/chat/read', { sessionId, jid: ani.jid, messageIds: [first.id] })).toEqual({ success: true, read: 1 })
    const readBy = (id: string) => Object.values(world.sandbox.api.listReceived({ id })[0]?.devices ?? {})
    await eventually(() => expect(readBy(first.id)).toContain('read'))
    expect(readBy(second.id)).not.toContain('read')
    // Without ids: the chat's latest received messages, the other one among them.
    expect((await ok('/api/chat/read', { sessionId, jid: ani.lidJid })).read).toBeGreaterThanOrEqual(2)
    await eventually(() => expect(readBy(second.id)).toContain('read'))
    const unknown = await post('/api/chat/read', { sessionId, jid: ani.jid, messageIds: ['NOSUCHMESSAGE'] })
    expect(unknown.status).toBe(404)
  })

  it('shows typing and recording in a chat, and the account online', async () => {
    const since = world.sandbox.api.clientPresence().at(-1)?.seq ?? 0
    for (const presence of ['composing', 'recording', 'paused'] as const) {
      expect(await ok('/api/chat/presence', { sessionId, jid: ani.jid, presence })).toEqual({ success: true, jid: ani.jid, presence })
      await world.sandbox.api.waitForClientPresence({ phone: phone.pn, to: ani.jid, type: presence, since, timeoutMs: 10_000 })
    }
    await ok('/api/chat/presence', { sessionId, jid: ani.jid, presence: 'available' })
    await world.sandbox.api.waitForClientPresence({ phone: phone.pn, type: 'available', since, timeoutMs: 10_000 })
  })

  it('refuses bad input with 400 on each route, and what cannot be done with 400 / 404', async () => {
    const keyId = await sendText(ani, 'a plain text')
    const bad: Array<[string, unknown]> = [
      ['/api/chat/edit', { sessionId, jid: ani.jid, messageId: keyId }],
      ['/api/chat/edit', { sessionId, jid: ani.jid, messageId: keyId, text: '' }],
      ['/api/chat/edit', { sessionId, jid: 'not a jid', messageId: keyId, text: 'x' }],
      ['/api/chat/revoke', { sessionId, jid: ani.jid }],
      ['/api/chat/revoke', { sessionId, jid: ani.jid, messageId: 'has space' }],
      ['/api/chat/forward', { sessionId, jid: ani.jid, messageId: keyId }],
      ['/api/chat/forward', { sessionId, jid: ani.jid, messageId: keyId, fromJid: 42 }],
      ['/api/chat/read', { sessionId, jid: ani.jid, messageIds: [] }],
      ['/api/chat/read', { sessionId, jid: ani.jid, messageIds: 'K1' }],
      ['/api/chat/presence', { sessionId, jid: ani.jid, presence: 'dancing' }],
      ['/api/chat/presence', { sessionId, presence: 'composing' }],
    ]
    for (const [path, body] of bad) {
      const response = await post(path, body)
      expect([response.status, typeof response.body.error], `${path} ${JSON.stringify(body)}`).toEqual([400, 'string'])
    }
    // Someone else's message cannot be edited; a message that is not there is 404.
    const got = await world.sandbox.api.sendMessage({ from: ani.pn, to: phone.pn, text: 'mine, not yours' })
    await message(ani.jid, got.id)
    const notOurs = await post('/api/chat/edit', { sessionId, jid: ani.jid, messageId: got.id, text: 'changed' })
    expect([notOurs.status, notOurs.body.error]).toEqual([400, expect.stringMatching(/only a message this account sent/)])
    const missing = await post('/api/chat/revoke', { sessionId, jid: ani.jid, messageId: 'NOSUCHMESSAGE' })
    expect(missing.status).toBe(404)
  })

  it('answers 503 while the session is not connected', async () => {
    const created = await post('/api/sessions', { name: 'Never linked' })
    expect(created.status, JSON.stringify(created.body)).toBeLessThan(300)
    const other = (created.body.sessionId ?? created.body.id) as string
    const calls: Array<[string, unknown]> = [
      ['/api/chat/edit', { sessionId: other, jid: ani.jid, messageId: 'K1', text: 'x' }],
      ['/api/chat/revoke', { sessionId: other, jid: ani.jid, messageId: 'K1' }],
      ['/api/chat/forward', { sessionId: other, jid: ani.jid, messageId: 'K1', fromJid: ani.jid }],
      ['/api/chat/read', { sessionId: other, jid: ani.jid }],
      ['/api/chat/presence', { sessionId: other, jid: ani.jid, presence: 'composing' }],
    ]
    for (const [path, body] of calls) expect((await post(path, body)).status, path).toBe(503)
  })
})
