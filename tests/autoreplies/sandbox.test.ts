import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/infra/db/open-database.ts'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, sessionOf, startWhatsAppWorld, waitForStatus, type WhatsAppWorld } from '../support/whatsapp-harness.ts'
import { consumerCaughtUp, createRule, repliesOf, setAutoReply } from './support.ts'

type Contact = { pn: string; jid: string; name: string }

/**
 * Auto-replies end to end: contacts of the sandbox write to a linked session, the gateway answers
 * through Baileys, and the sandbox records what the session sent.
 */
describe('auto-replies end to end through the sandbox', () => {
  let world: WhatsAppWorld
  let sessionId: string
  let phone: { pn: string; jid: string }
  let contacts = 0

  const newContact = () => world.sandbox.api.createContact({ name: `Contact ${++contacts}` }) as Contact
  const say = (from: Contact, text: string) => world.sandbox.api.sendMessage({ from: from.pn, to: phone.pn, text })
  /** What the session sent to a contact since a cursor, as the sandbox recorded it. */
  const sentTo = (contact: Contact, since = 0) => world.sandbox.api.listSent({ phone: phone.pn, to: contact.jid, since }).map((r) => r.text)
  const replyTo = async (contact: Contact, since: number) => (await world.sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid, since, timeoutMs: 15_000 })).text
  /**
   * Waits until the gateway recorded a message, the auto-reply consumer decided on it, and every reply
   * decided so far reached the sandbox: what has not been sent by then never will be.
   */
  const decided = async (keyId: string) => {
    await eventually(async () => {
      const events = await world.gateway.gateway.store.readStream(`messages-${sessionId}`)
      expect(events.some((e) => (e.data as { keyId?: string }).keyId === keyId)).toBe(true)
    }, { timeoutMs: 15_000 })
    await consumerCaughtUp(world.gateway)
    const replies = await eventually(async () => {
      const all = await repliesOf(world.gateway, sessionId)
      expect(all.filter((r) => r.status === 'PENDING')).toEqual([])
      return all
    })
    for (const reply of replies) if (reply.message_id) await world.sandbox.api.waitForSent({ phone: phone.pn, id: reply.message_id, timeoutMs: 15_000 })
  }

  beforeAll(async () => {
    world = await startWhatsAppWorld()
    ;({ sessionId, phone } = await pairNewSession(world, 'Support'))
    await setAutoReply(world.gateway, world.key, sessionId, true)
    const rules = [
      { keyword: '!help', response: 'Here is the help menu...', matchType: 'EXACT' },
      { keyword: 'price', response: 'Our prices: example.com/prices', matchType: 'CONTAINS' },
      { keyword: '^order\\s*#?(\\d+)$', response: 'Looking your order up', matchType: 'REGEX' },
      // Catastrophic for backtracking engines; RE2 matches it in time linear in the text.
      { keyword: '(a+)+$', response: 'All a', matchType: 'REGEX' },
    ]
    for (const rule of rules) await createRule(world.gateway, world.key, { sessionId, ...rule })
  }, 60_000)
  afterAll(() => world?.close())

  it('answers a contact’s message: the sandbox records the reply', async () => {
    const contact = newContact()
    const since = world.sandbox.api.cursor()
    await say(contact, '!help')
    expect(await replyTo(contact, since)).toBe('Here is the help menu...')
    const [record] = world.sandbox.api.listSent({ phone: phone.pn, to: contact.jid, since })
    expect(record).toMatchObject({ recipient: { pn: contact.pn, kind: 'contact' }, status: 'server_ack' })
  })

  it('answers a contact who writes from their LID, in their one chat under the phone number', async () => {
    const contact = newContact()
    const since = world.sandbox.api.cursor()
    await world.sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: '!help', addressing: 'lid' })
    const record = await world.sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid, since, timeoutMs: 15_000 })
    expect(record).toMatchObject({ text: 'Here is the help menu...', recipient: { pn: contact.pn } })
    await eventually(async () => expect((await repliesOf(world.gateway, sessionId)).find((r) => r.message_id === record.id)?.chat_jid).toBe(contact.jid))
  })

  it('matches EXACT on the whole text, CONTAINS anywhere, REGEX as RE2 does; case and surrounding spaces do not count', async () => {
    const [exact, contains, regex] = [newContact(), newContact(), newContact()]
    const since = world.sandbox.api.cursor()
    // No rule matches the first message of each; the second one matches.
    const missed = [await say(exact, '!help me please'), await say(contains, 'prize?'), await say(regex, 'my order #12')]
    const hit = [await say(exact, '  !HELP  '), await say(contains, 'What is the PRICE of the blue one?'), await say(regex, 'Order #12')]
    await eventually(() => {
      expect(sentTo(exact, since)).toEqual(['Here is the help menu...'])
      expect(sentTo(contains, since)).toEqual(['Our prices: example.com/prices'])
      expect(sentTo(regex, since)).toEqual(['Looking your order up'])
    }, { timeoutMs: 15_000 })
    const triggers = (await repliesOf(world.gateway, sessionId)).map((r) => r.trigger_key_id)
    expect(triggers).toEqual(expect.arrayContaining(hit.map((m) => m.id)))
    for (const message of missed) expect(triggers).not.toContain(message.id)
  })

  it('stays quiet while the session’s autoReplyEnabled is off', async () => {
    const contact = newContact()
    const since = world.sandbox.api.cursor()
    await setAutoReply(world.gateway, world.key, sessionId, false)
    const off = await say(contact, '!help')
    await decided(off.id)
    expect(sentTo(contact, since)).toEqual([])
    await setAutoReply(world.gateway, world.key, sessionId, true)
    await say(contact, '!help')
    expect(await replyTo(contact, since)).toBe('Here is the help menu...')
    expect(sentTo(contact, since)).toHaveLength(1)
  })

  it('never answers this account’s own messages, sent from another linked device', async () => {
    // A second gateway session linked to the same phone plays "another device" of the account.
    const { body } = await world.gateway.request('POST', '/api/sessions', { key: world.key, body: { name: 'Desktop' } })
    const qr = await eventually(async () => {
      const { qr } = await sessionOf(world, body.sessionId)
      if (!qr) throw new Error('no QR yet')
      return qr as string
    })
    await world.sandbox.api.scanQr(phone.pn, qr)
    await waitForStatus(world, body.sessionId, 'CONNECTED')

    const contact = newContact()
    const since = world.sandbox.api.cursor()
    const own = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId: body.sessionId, jid: contact.jid, message: { text: '!help' } } })
    expect(own.status).toBe(200)
    // The support session sees it as its own (message.sent), not as one to answer.
    await eventually(async () => {
      const events = await world.gateway.gateway.store.readStream(`messages-${sessionId}`)
      expect(events.find((e) => (e.data as { keyId?: string }).keyId === own.body.messageId)).toMatchObject({ type: 'message.sent', data: { fromMe: true, remoteJid: contact.jid } })
    }, { timeoutMs: 15_000 })
    // Had it been answered, the chat would be cooling down and this would go unanswered.
    await say(contact, 'price?')
    await eventually(() => expect(sentTo(contact, since)).toEqual(['!help', 'Our prices: example.com/prices']), { timeoutMs: 15_000 })
    expect((await world.gateway.request('DELETE', `/api/sessions/${body.sessionId}`, { key: world.key })).status).toBe(200)
  })

  it('answers a chat at most once per cooldown, while other chats are answered', async () => {
    const [busy, other] = [newContact(), newContact()]
    const since = world.sandbox.api.cursor()
    await say(busy, '!help')
    expect(await replyTo(busy, since)).toBe('Here is the help menu...')
    const again = await say(busy, 'and the price?')
    await say(other, 'and the price?')
    expect(await replyTo(other, since)).toBe('Our prices: example.com/prices')
    await decided(again.id)
    expect(sentTo(busy, since)).toEqual(['Here is the help menu...'])
  })

  it('does not ping-pong with another bot that answers every message', async () => {
    const bot = newContact()
    const since = world.sandbox.api.cursor()
    // The other bot: answers each message the session sends it with one our rules match, up to 5 times.
    const botSaid: string[] = []
    let answered = since
    let running = true
    const botLoop = (async () => {
      while (running && botSaid.length < 5) {
        const received = world.sandbox.api.listSent({ phone: phone.pn, to: bot.jid, since: answered })
        for (const record of received) {
          answered = Math.max(answered, record.seq)
          botSaid.push((await say(bot, `Thanks! What is the price? (${botSaid.length + 1})`)).id)
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    try {
      await say(bot, '!help')
      expect(await replyTo(bot, since)).toBe('Here is the help menu...')
      await eventually(() => expect(botSaid).toHaveLength(1), { timeoutMs: 15_000 })
      await decided(botSaid[0]!)
    } finally {
      running = false
      await botLoop
    }
    expect(sentTo(bot, since)).toEqual(['Here is the help menu...'])
    expect(botSaid).toHaveLength(1)
  })

  it('matches a hostile regular expression against a long hostile text without stalling the gateway', async () => {
    const contact = newContact()
    const since = world.sandbox.api.cursor()
    const hostile = `${'a'.repeat(30_000)}!` // (a+)+$ backtracks for ages on this in a backtracking engine
    const sent = await say(contact, hostile)
    // The gateway keeps answering while the consumer works through it.
    expect((await world.gateway.request('GET', '/api/sessions', { key: world.key })).status).toBe(200)
    expect((await world.gateway.request('GET', `/api/autoreplies?sessionId=${sessionId}`, { key: world.key })).status).toBe(200)
    await decided(sent.id)
    expect(sentTo(contact, since)).toEqual([])
    // The same pattern matches when it should: the match completes either way.
    await say(contact, 'a'.repeat(30_000))
    expect(await replyTo(contact, since)).toBe('All a')
    for (const keyword of ['(a)\\1', '(?=a)a+', 'a{1001}']) {
      const refused = await world.gateway.request('POST', '/api/autoreplies', { key: world.key, body: { sessionId, keyword, response: 'x', matchType: 'REGEX' } })
      expect([keyword, refused.status]).toEqual([keyword, 400])
    }
  })

  it('sends one reply across a restart that lost everything recorded after the send', async () => {
    const contact = newContact()
    const since = world.sandbox.api.cursor()
    const trigger = await say(contact, '!help')
    expect(await replyTo(contact, since)).toBe('Here is the help menu...')
    const events = await world.gateway.gateway.store.readStream(`messages-${sessionId}`)
    const received = events.find((e) => e.type === 'message.received' && (e.data as { keyId: string }).keyId === trigger.id)!
    await eventually(async () => expect((await repliesOf(world.gateway, sessionId)).find((r) => r.event_id === received.id)?.status).toBe('SENT'))
    const dataDir = world.gateway.dataDir
    await world.gateway.gateway.close()

    // The worst crash: WhatsApp took the reply, then the node died before recording anything about it.
    // The consumer is back before the message, and the reply's idempotency claim looks abandoned.
    const handle = await openDatabase<any>({ dataDir: path.join(dataDir, 'pglite') })
    await handle.db.deleteFrom('autoreply_replies').where('event_id', '=', received.id).execute()
    await handle.db.deleteFrom('autoreply_cooldowns').where('session_id', '=', sessionId).where('chat_jid', '=', contact.jid).execute()
    await handle.db.updateTable('checkpoints').set({ position: received.position - 1n }).where('name', '=', 'autoreplies').execute()
    const abandoned = await handle.db
      .updateTable('idempotency_keys')
      .set({ result: null, created_at: new Date(Date.now() - 10 * 60_000) })
      .where('scope', '=', sessionId)
      .where('key', '=', `autoreply:${received.id}`)
      .executeTakeFirst()
    expect(abandoned.numUpdatedRows).toBe(1n)
    await handle.close()

    const restarted = await startWhatsAppWorld({ sandbox: world.sandbox, gateway: { dataDir } })
    const key = world.key
    world = { ...restarted, key, close: async () => { await restarted.gateway.close(); await world.sandbox.close() } } as WhatsAppWorld
    await waitForStatus(world, sessionId, 'CONNECTED')
    await eventually(async () => expect((await repliesOf(world.gateway, sessionId)).find((r) => r.event_id === received.id)?.status).toBe('SENT'), { timeoutMs: 20_000 })
    // Sent again with the same WhatsApp message id: a duplicate WhatsApp (here the sandbox) drops.
    expect(sentTo(contact, since)).toEqual(['Here is the help menu...'])
  })
})
