import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idempotentMessageId } from '../../src/actors/session/session-actor.ts'
import { openDatabase } from '../../src/infra/db/open-database.ts'
import type { MessageData } from '../../src/domain/messages/message-events.ts'
import { eventually } from '../support/eventually.ts'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'
import { ScriptedDriver, type ScriptedConnection } from '../support/scripted-driver.ts'
import { consumerCaughtUp, createRule, repliesOf, setAutoReply, textFrom } from './support.ts'

const me = { jid: '6281200000001@s.whatsapp.net' }
const MAX_AGE_MS = 60_000
let chats = 0
/** A chat nobody wrote in yet. */
const newChat = () => `62812${String(++chats).padStart(8, '0')}@s.whatsapp.net`

/**
 * The consumer and the sender with a scripted WhatsApp: which messages get a reply, how often, and
 * that a retried or replayed decision never sends twice.
 */
describe('auto-replies (scripted WhatsApp)', () => {
  const driver = new ScriptedDriver()
  let dataDir: string
  let gw: TestGateway
  let key: string
  let sessionId: string
  let connection: ScriptedConnection

  const start = () => startTestGateway({ driver: () => driver, dataDir, env: { AUTOREPLY_MAX_AGE_MS: String(MAX_AGE_MS) } })
  const connect = async (count: number) => {
    connection = await driver.connection(sessionId, count)
    connection.emit({ type: 'open', me })
    await eventually(async () => expect((await gw.request('GET', `/api/sessions/${sessionId}`, { key })).body.status).toBe('CONNECTED'))
  }
  /** Makes WhatsApp deliver messages; returns their event ids. */
  const receive = (...messages: Array<{ type?: string; data: MessageData }>) => {
    const events = messages.map((m) => ({ id: randomUUID(), type: m.type ?? 'message.received', data: m.data }))
    connection.emit({ type: 'traffic', events })
    return events.map((e) => e.id)
  }
  const sentTo = (jid: string) => driver.connectionsOf(sessionId).flatMap((c) => c.sent).filter((m) => m.jid === jid)
  const textOf = (m: { content: unknown }) => (m.content as { text?: string }).text

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'wag-autoreply-'))
    gw = await start()
    key = (await gw.request('POST', '/api/test/create-user')).body.apiKey
    sessionId = (await gw.request('POST', '/api/sessions', { key, body: { name: 'Support' } })).body.sessionId
    await connect(1)
    await setAutoReply(gw, key, sessionId, true)
    await createRule(gw, key, { sessionId, keyword: '!help', response: 'Here is the help menu...', matchType: 'EXACT' })
    await createRule(gw, key, { sessionId, keyword: 'price', response: 'Prices: see our site', matchType: 'CONTAINS' })
    await createRule(gw, key, { sessionId, keyword: '^order\\s*#?(\\d+)$', response: 'Looking your order up', matchType: 'REGEX' })
    await createRule(gw, key, { sessionId, keyword: 'help', response: 'never: !help is tried first', matchType: 'CONTAINS' })
  })
  afterAll(async () => {
    if (process.env.AUTOREPLY_DEBUG_LOGS) console.error(gw?.logs().split('\n').filter((l) => /"level":(40|50|60)/.test(l)).join('\n'))
    await gw?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('answers through the session queue with an id made from the triggering event, and records why', async () => {
    const chat = newChat()
    const [eventId] = receive({ data: textFrom(chat, '  !HELP ') })
    const [reply] = await eventually(() => {
      expect(sentTo(chat)).toHaveLength(1)
      return sentTo(chat)
    })
    expect(reply).toMatchObject({ content: { kind: 'text', text: 'Here is the help menu...' }, messageId: idempotentMessageId(sessionId, `autoreply:${eventId}`) })
    const sent = await eventually(async () => {
      const found = (await gw.gateway.store.readStream(`messages-${sessionId}`)).find((e) => e.type === 'message.sent' && (e.data as { remoteJid: string }).remoteJid === chat)
      expect(found).toBeDefined()
      return found!
    })
    expect(sent.metadata).toMatchObject({ actor: { kind: 'system', id: 'autoreply' }, causationId: eventId })
    await eventually(async () => expect(await repliesOf(gw, sessionId)).toContainEqual(expect.objectContaining({ event_id: eventId, status: 'SENT', message_id: reply!.messageId })))
  })

  it('tries the rules in creation order: the first that matches answers', async () => {
    const [a, b, c] = [newChat(), newChat(), newChat()]
    receive({ data: textFrom(a, 'What is the PRICE?') }, { data: textFrom(b, 'order #42') }, { data: textFrom(c, 'help me') })
    await eventually(() => expect([a, b, c].map((chat) => sentTo(chat).map(textOf))).toEqual([['Prices: see our site'], ['Looking your order up'], ['never: !help is tried first']]))
  })

  it('stays quiet for own messages, groups, statuses, texts no rule matches, media without text and old messages', async () => {
    const quiet = [newChat(), newChat(), newChat(), newChat()]
    const ignored = receive(
      { type: 'message.sent', data: textFrom(quiet[0]!, '!help', { fromMe: true }) },
      { data: textFrom(quiet[1]!, '!help', { fromMe: true }) },
      { data: textFrom('120363014587327510@g.us', '!help', { senderJid: quiet[2]! }) },
      { data: textFrom('status@broadcast', '!help', { senderJid: quiet[2]! }) },
      { data: textFrom(quiet[2]!, 'good morning') },
      { data: textFrom(quiet[2]!, '', { type: 'STICKER', text: null }) },
      { data: textFrom(quiet[3]!, '!help', { timestamp: Math.floor((Date.now() - MAX_AGE_MS) / 1000) - 5 }) },
    )
    // Decided in log order: once the next message is answered, the ones before it were passed over.
    const sentinel = newChat()
    receive({ data: textFrom(sentinel, '!help') })
    await eventually(() => expect(sentTo(sentinel)).toHaveLength(1))
    for (const chat of [...quiet, '120363014587327510@g.us', 'status@broadcast']) expect(sentTo(chat)).toEqual([])
    const decided = (await repliesOf(gw, sessionId)).map((r) => r.event_id)
    for (const eventId of ignored) expect(decided).not.toContain(eventId)
  })

  it('answers a chat at most once per cooldown; other chats are answered meanwhile', async () => {
    const [busy, other] = [newChat(), newChat()]
    receive({ data: textFrom(busy, '!help') }, { data: textFrom(busy, 'price?') }, { data: textFrom(other, 'price?') })
    await eventually(() => expect(sentTo(other)).toHaveLength(1))
    receive({ data: textFrom(busy, '!help') })
    await consumerCaughtUp(gw)
    await eventually(async () => expect((await repliesOf(gw, sessionId)).filter((r) => r.status === 'PENDING')).toEqual([]))
    expect(sentTo(busy).map(textOf)).toEqual(['Here is the help menu...'])
  })

  it('stays quiet when autoReplyEnabled is off, and answers again once it is on', async () => {
    const chat = newChat()
    await setAutoReply(gw, key, sessionId, false)
    const [off] = receive({ data: textFrom(chat, '!help') })
    await setAutoReply(gw, key, sessionId, true)
    const [on] = receive({ data: textFrom(newChat(), '!help') })
    await eventually(async () => expect((await repliesOf(gw, sessionId)).map((r) => r.event_id)).toContain(on))
    expect((await repliesOf(gw, sessionId)).map((r) => r.event_id)).not.toContain(off)
    expect(sentTo(chat)).toEqual([])
  })

  it('drops a reply that could not go out before the message got too old', async () => {
    const chat = newChat()
    const aging = Math.floor((Date.now() - MAX_AGE_MS) / 1000) + 2 // young enough to decide on, not for long
    const [eventId] = receive({ data: textFrom(chat, '!help', { timestamp: aging }) })
    connection.emit({ type: 'close', reason: 'connection_lost' })
    await eventually(async () => expect(await repliesOf(gw, sessionId)).toContainEqual(expect.objectContaining({ event_id: eventId, status: 'EXPIRED' })), { timeoutMs: 20_000 })
    await connect(driver.connectionsOf(sessionId).length)
    const sentinel = newChat()
    receive({ data: textFrom(sentinel, '!help') })
    await eventually(() => expect(sentTo(sentinel)).toHaveLength(1))
    expect(sentTo(chat)).toEqual([])
  })

  it('never replies twice: a restart that finds the reply unrecorded and the consumer behind sends nothing more', async () => {
    const chat = newChat()
    const [eventId] = receive({ data: textFrom(chat, '!help') })
    await eventually(async () => expect(await repliesOf(gw, sessionId)).toContainEqual(expect.objectContaining({ event_id: eventId, status: 'SENT' })))
    const trigger = (await gw.gateway.store.readStream(`messages-${sessionId}`)).find((e) => e.id === eventId)!
    await gw.close()

    // As if the node died after WhatsApp took the reply, before anything about it was recorded: the
    // consumer's checkpoint, the decision and the cooldown are back to before the message.
    const handle = await openDatabase<any>({ dataDir: path.join(dataDir, 'pglite') })
    await handle.db.deleteFrom('autoreply_replies').where('event_id', '=', eventId).execute()
    await handle.db.updateTable('checkpoints').set({ position: trigger.position - 1n }).where('name', '=', 'autoreplies').execute()
    await handle.db.deleteFrom('autoreply_cooldowns').where('chat_jid', '=', chat).execute()
    await handle.close()

    const connections = driver.connectionsOf(sessionId).length
    gw = await start()
    await connect(connections + 1)
    await eventually(async () => expect(await repliesOf(gw, sessionId)).toContainEqual(expect.objectContaining({ event_id: eventId, status: 'SENT' })))
    expect(sentTo(chat)).toHaveLength(1)
    expect(connection.sent.filter((m) => m.jid === chat)).toEqual([])
  })
})
