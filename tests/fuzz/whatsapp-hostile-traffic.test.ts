import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storableText } from '../../src/domain/text/storable-text.ts'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'
import { HOSTILE_STRINGS } from './hostile-values.ts'

/**
 * WhatsApp-side fuzz through the sandbox and real Baileys: contacts send hostile text (NUL, lone
 * surrogates, RTL, huge), unknown and malformed messages, from names and into groups that hold NUL.
 * The session must record every message (as the driver's edge makes it storable) and keep sending.
 * `npm test` sends a few dozen; FUZZ_RUNS sends more.
 */
const RUNS = Math.min(Number(process.env.FUZZ_RUNS ?? 6) * 2, 400)
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined

/** What the gateway should show for a text a contact sent: the wire carries UTF-8 (lone surrogates become U+FFFD), then the edge replaces NUL. */
const expected = (text: string) => storableText(Buffer.from(text, 'utf8').toString('utf8'))

const hostileUnit = fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\u200b', '\ufeff', '😀', 'a', ' ', '\n', '<', '&', '"', '\\')
const hostileText = fc.oneof(
  fc.string({ unit: hostileUnit, minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 20 }).map((s) => `${s}\u0000`),
)

describe('WhatsApp-side fuzz: hostile traffic from sandbox contacts through real Baileys', () => {
  let world: WhatsAppWorld
  let sessionId: string
  let phone: { pn: string; jid: string }
  let contact: { pn: string; jid: string }
  const streamEvents = async () => world.gateway.gateway.store.readStream(`messages-${sessionId}`)
  const received = async () => new Map((await streamEvents()).filter((e) => e.type === 'message.received').map((e) => [(e.data as { keyId: string }).keyId, e.data as Record<string, any>]))

  beforeAll(async () => {
    world = await startWhatsAppWorld()
    ;({ sessionId, phone } = await pairNewSession(world, 'Fuzzed'))
    contact = world.sandbox.api.createContact({ name: 'Evil\u0000Name\ud800' })
  })
  afterAll(() => world?.close())

  it('records every hostile text, storable, from a contact whose name holds NUL', async () => {
    const texts = [...HOSTILE_STRINGS.filter((s) => s.length > 0 && s.trim().length > 0), 'y'.repeat(200_000), ...fc.sample(hostileText, { numRuns: RUNS, seed: SEED })]
    const sent: Array<{ id: string; text: string }> = []
    for (const text of texts) {
      const { id } = await world.sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text })
      sent.push({ id, text })
    }
    const recorded = await eventually(
      async () => {
        const all = await received()
        const missing = sent.filter((s) => !all.has(s.id))
        if (missing.length > 0) throw new Error(`${missing.length} of ${sent.length} messages not recorded yet`)
        return all
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    )
    for (const { id, text } of sent) {
      const data = recorded.get(id)!
      expect(data.text, JSON.stringify(text.slice(0, 50))).toBe(expected(text))
    }
    // The contact's name (pushName) holds a NUL: made storable too.
    expect(recorded.get(sent[0]!.id)!.pushName).toBe(expected('Evil\u0000Name\ud800'))
    // The chat read model has them.
    const chat = await world.gateway.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(contact.jid)}`, { key: world.key })
    expect(chat.status).toBe(200)
    expect(chat.body.map((m: { keyId: string }) => m.keyId)).toContain(sent.at(-1)!.id)
  }, 120_000)

  it('records unknown, malformed and odd messages: media that cannot be fetched, vCards and places with NUL', async () => {
    const messages: Array<Record<string, unknown>> = [
      { imageMessage: { url: 'https://127.0.0.1:1/nothing.enc', directPath: '/v/t62/nothing', mediaKey: Buffer.alloc(32).toString('base64'), mimetype: 'image/jpeg\u0000', caption: 'cap\u0000tion\udc00', fileLength: 99_999_999_999, fileSha256: 'AAAA', fileEncSha256: 'AAAA' } },
      { documentMessage: { url: 'https://127.0.0.1:1/x', mimetype: '\u0000', fileName: '..\u0000/evil.pdf', caption: '\u202eexe.pdf' } },
      { contactMessage: { displayName: 'V\u0000Card', vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:N\u0000ul\nTEL;waid=1:+1\nEND:VCARD' } },
      { locationMessage: { degreesLatitude: 1e308, degreesLongitude: -1e308, name: 'Pla\u0000ce', address: '\ud800' } },
      { pollCreationMessage: { name: 'Poll\u0000', options: [{ optionName: '\u0000' }, { optionName: 'b' }], selectableOptionsCount: 1 } },
      { extendedTextMessage: { text: 'reply\u0000', contextInfo: { stanzaId: 'NOPE\u0000', participant: '\u0000@s.whatsapp.net', quotedMessage: { conversation: 'q\u0000' } } } },
      { reactionMessage: { key: { id: 'MISSING', remoteJid: phone.jid, fromMe: true }, text: '\u0000' } },
      { buttonsMessage: { contentText: 'buttons\u0000', buttons: [{ buttonId: '1', buttonText: { displayText: '\u0000' }, type: 1 }] } },
      { listMessage: { title: 'list\u0000', sections: [{ title: '\ud800', rows: [{ title: 'r', rowId: '1' }] }] } },
      { eventMessage: { name: 'event\u0000', startTime: 9_999_999_999_999 } },
      { stickerMessage: { url: 'https://127.0.0.1:1/s', mimetype: 'image/webp', fileLength: -1 } },
    ]
    const ids: string[] = []
    for (const message of messages) ids.push((await world.sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, message })).id)
    const names = new Map(ids.map((id, i) => [id, Object.keys(messages[i]!)[0]]))
    await eventually(
      async () => {
        const all = await received()
        const missing = ids.filter((id) => names.get(id) !== 'reactionMessage' && !all.has(id))
        if (missing.length > 0) throw new Error(`not recorded yet: ${missing.map((id) => names.get(id)).join(', ')}`)
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    )
    const all = await received()
    expect(all.get(ids[2]!)!.text).toBe('V\ufffdCard')
    // The reaction (to a message nobody has) is recorded as one.
    await eventually(async () => {
      const reactions = (await streamEvents()).filter((e) => e.type === 'message.reaction').map((e) => e.data as { keyId: string; reaction: string })
      expect(reactions).toContainEqual(expect.objectContaining({ keyId: 'MISSING', reaction: '\ufffd' }))
    })
    expect(JSON.stringify([...all.values()])).not.toMatch(/\\u0000/)
  }, 60_000)

  it('records a group whose subject holds NUL, and its messages', async () => {
    const group = world.sandbox.api.createGroup({ creator: contact.pn, subject: 'Gr\u0000oup\udc00', participants: [phone.pn] })
    const { id } = await world.sandbox.api.sendMessage({ from: contact.pn, to: group.jid, text: 'in the \u0000 group' })
    await eventually(async () => expect((await received()).get(id)?.text).toBe('in the \ufffd group'), { timeoutMs: 30_000 })
    await eventually(async () => {
      const groups = (await streamEvents()).filter((e) => e.type === 'group.update' && (e.data as { jid: string }).jid === group.jid)
      expect(groups.some((e) => (e.data as { subject?: string }).subject === 'Gr\ufffdoup\ufffd')).toBe(true)
    }, { timeoutMs: 30_000 })
  })

  it('keeps the session working: a later send goes out, and text Postgres cannot store is recorded exactly as sent', async () => {
    const since = world.sandbox.api.cursor()
    const send = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: contact.jid, message: { text: 'still alive ✓' } } })
    expect(send.status).toBe(200)
    await world.sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid, since, timeoutMs: 15_000 })
    // Past the HTTP edge (which refuses NUL): an internal sender hands the session such a text.
    const actor = world.gateway.gateway.registry.get(sessionId)!
    const outcome = await actor.send({ jid: contact.jid, content: { kind: 'text', text: 'nul\u0000 and \ud800' } }, { actor: { kind: 'system', id: 'fuzz' } })
    const onTheWire = await world.sandbox.api.waitForSent({ phone: phone.pn, id: outcome.keyId, timeoutMs: 15_000 })
    const recorded = await eventually(async () => {
      const event = (await streamEvents()).find((e) => e.type === 'message.sent' && (e.data as { keyId: string }).keyId === outcome.keyId)
      expect(event).toBeDefined()
      return event!.data as { text: string }
    })
    expect(onTheWire.text).toBe('nul\ufffd and \ufffd')
    expect(recorded.text).toBe(onTheWire.text)
    expect(outcome.position).not.toBeNull()
  })
})
