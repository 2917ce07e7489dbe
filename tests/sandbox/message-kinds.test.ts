/**
 * Every kind of message a gateway sends, from a real Baileys client, as the sandbox records it
 * (decoded in the sent record, media decryptable).
 */
import { randomBytes } from 'node:crypto'
import type { WAMessage } from '@whiskeysockets/baileys'
import sharp from 'sharp'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, trustSandboxCertificate } from '../../src/sandbox/index.ts'
import type { SandboxHandle, SentMessageRecord } from '../../src/sandbox/index.ts'
import { pairClient, sandboxLogger } from './helpers.ts'
import type { Client } from './helpers.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})
const track = <T extends Client | SandboxHandle>(thing: T): T => {
  cleanups.push(() => thing.close())
  return thing
}
beforeAll(() => trustSandboxCertificate())

async function setup() {
  const sandbox = track(await startSandbox({ logger: sandboxLogger() }))
  const phone = sandbox.api.createPhone({ name: 'Alice' })
  const contact = sandbox.api.createContact({ name: 'Bob' })
  const client = track(await pairClient(sandbox, phone.pn))
  await client.waitFor('messaging-history.set')
  /** Sends from the client and returns what the sandbox recorded for it. */
  const send = async (content: Parameters<Client['sock']['sendMessage']>[1], options?: Parameters<Client['sock']['sendMessage']>[2]) => {
    const sent = await client.sock.sendMessage(contact.jid, content, options)
    const record = await sandbox.api.waitForSent({ phone: phone.pn, id: sent!.key.id! })
    return { sent: sent!, record }
  }
  /** A message from the contact, as the client received it. */
  const receive = async (text: string): Promise<WAMessage> => {
    const { id } = await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text })
    const upsert = await client.waitFor('messages.upsert', e => e.messages.some(m => m.key.id === id))
    return upsert.messages.find(m => m.key.id === id)!
  }
  return { sandbox, phone, contact, client, send, receive }
}

const recorded = (record: SentMessageRecord) => record.message as Record<string, any>

describe('every kind of message a client sends is recorded decoded', () => {
  it('image, video, voice note, audio, document, sticker: content recorded, media decryptable', async () => {
    const { sandbox, contact, send } = await setup()
    const image = randomBytes(10_000)
    const { record: imageRecord } = await send({ image, mimetype: 'image/jpeg', caption: 'an image' })
    expect(imageRecord).toMatchObject({ to: contact.jid, type: 'media', text: 'an image' })
    expect(recorded(imageRecord).imageMessage).toMatchObject({ caption: 'an image', mimetype: 'image/jpeg', fileLength: 10_000 })
    expect((await sandbox.api.downloadMedia(imageRecord.id)).data.equals(image)).toBe(true)

    const video = randomBytes(20_000)
    const { record: videoRecord } = await send({ video, mimetype: 'video/mp4', caption: 'a video' })
    expect(recorded(videoRecord).videoMessage).toMatchObject({ caption: 'a video', mimetype: 'video/mp4' })
    expect(videoRecord.text).toBe('a video')
    expect((await sandbox.api.downloadMedia(videoRecord.id)).data.equals(video)).toBe(true)

    const voice = randomBytes(4_000)
    const { record: voiceRecord } = await send({ audio: voice, mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 3 })
    expect(voiceRecord.type).toBe('media')
    expect(recorded(voiceRecord).audioMessage).toMatchObject({ ptt: true, mimetype: 'audio/ogg; codecs=opus', seconds: 3 })
    expect((await sandbox.api.downloadMedia(voiceRecord.id)).data.equals(voice)).toBe(true)

    const song = randomBytes(5_000)
    const { record: audioRecord } = await send({ audio: song, mimetype: 'audio/mpeg' })
    expect(recorded(audioRecord).audioMessage).toMatchObject({ mimetype: 'audio/mpeg' })
    expect(recorded(audioRecord).audioMessage.ptt).toBeFalsy()

    const pdf = randomBytes(7_000)
    const { record: documentRecord } = await send({ document: pdf, mimetype: 'application/pdf', fileName: 'report.pdf' })
    expect(recorded(documentRecord).documentMessage).toMatchObject({ mimetype: 'application/pdf', fileName: 'report.pdf' })
    expect((await sandbox.api.downloadMedia(documentRecord.id)).data.equals(pdf)).toBe(true)

    // a document with a caption travels wrapped (documentWithCaptionMessage)
    const { record: captioned } = await send({ document: pdf, mimetype: 'application/pdf', fileName: 'b.pdf', caption: 'see attached' })
    expect(captioned.text).toBe('see attached')
    const wrapped = recorded(captioned).documentWithCaptionMessage?.message?.documentMessage ?? recorded(captioned).documentMessage
    expect(wrapped).toMatchObject({ fileName: 'b.pdf', caption: 'see attached' })
    expect((await sandbox.api.downloadMedia(captioned.id)).data.equals(pdf)).toBe(true)

    const webp = await sharp({ create: { width: 64, height: 64, channels: 4, background: '#ff000080' } }).webp().toBuffer()
    const { record: stickerRecord } = await send({ sticker: webp })
    expect(stickerRecord.type).toBe('media')
    expect(recorded(stickerRecord).stickerMessage).toMatchObject({ mimetype: 'image/webp' })
    expect((await sandbox.api.downloadMedia(stickerRecord.id)).data.equals(webp)).toBe(true)
  })

  it('location and contact card', async () => {
    const { send } = await setup()
    const { record: location } = await send({
      location: { degreesLatitude: 48.8584, degreesLongitude: 2.2945, name: 'Eiffel Tower', address: 'Paris' },
    })
    expect(location.type).toBe('text')
    expect(recorded(location).locationMessage).toMatchObject({ degreesLatitude: 48.8584, degreesLongitude: 2.2945, name: 'Eiffel Tower', address: 'Paris' })

    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nTEL;type=CELL;waid=15551234567:+1 555 123 4567\nEND:VCARD'
    const { record: card } = await send({ contacts: { displayName: 'Jane Doe', contacts: [{ displayName: 'Jane Doe', vcard }] } })
    expect(card.type).toBe('media') // WhatsApp types contact cards as media (mediatype vcard)
    expect(recorded(card).contactMessage).toMatchObject({ displayName: 'Jane Doe', vcard })

    const { record: cards } = await send({
      contacts: { displayName: '2 contacts', contacts: [{ vcard }, { vcard: vcard.replace('Jane', 'John') }] },
    })
    expect(recorded(cards).contactsArrayMessage.contacts).toHaveLength(2)
  })

  it('a reply quotes the message (contextInfo.stanzaId, participant, quotedMessage)', async () => {
    const { contact, send, receive } = await setup()
    const original = await receive('what time is it?')
    const { record } = await send({ text: 'noon' }, { quoted: original })
    expect(record.text).toBe('noon')
    expect(recorded(record).extendedTextMessage).toMatchObject({
      text: 'noon',
      contextInfo: { stanzaId: original.key.id, participant: contact.lidJid, quotedMessage: { conversation: 'what time is it?' } },
    })

    // quoting one's own message
    const { sent: mine } = await send({ text: 'first' })
    const { record: selfReply } = await send({ text: 'and second' }, { quoted: mine })
    expect(recorded(selfReply).extendedTextMessage.contextInfo).toMatchObject({ stanzaId: mine.key.id, quotedMessage: { extendedTextMessage: { text: 'first' } } })
  })

  it('a reaction names the message it reacts to; removing it is an empty reaction', async () => {
    const { contact, send, receive } = await setup()
    const original = await receive('nice photo?')
    const { record } = await send({ react: { text: '👍', key: original.key } })
    expect(record).toMatchObject({ type: 'reaction', text: '👍' })
    expect(recorded(record).reactionMessage).toMatchObject({ text: '👍', key: { id: original.key.id, fromMe: false, remoteJid: contact.lidJid } })

    const { sent: mine } = await send({ text: 'my own' })
    const { record: onMine } = await send({ react: { text: '❤️', key: mine.key } })
    expect(recorded(onMine).reactionMessage).toMatchObject({ text: '❤️', key: { id: mine.key.id, fromMe: true } })

    const { record: removed } = await send({ react: { text: '', key: original.key } })
    expect(recorded(removed).reactionMessage.key.id).toBe(original.key.id)
    expect(recorded(removed).reactionMessage.text ?? '').toBe('')
  })

  it('mentions, forwards and view-once media', async () => {
    const { sandbox, contact, send, receive } = await setup()
    const { record: mention } = await send({ text: `hi @${contact.pn}`, mentions: [contact.jid] })
    expect(recorded(mention).extendedTextMessage).toMatchObject({ text: `hi @${contact.pn}`, contextInfo: { mentionedJid: [contact.jid] } })

    const original = await receive('pass it on')
    const { record: forward } = await send({ forward: original })
    expect(forward.text).toBe('pass it on')
    expect(JSON.stringify(recorded(forward))).toContain('"isForwarded":true')

    const image = randomBytes(1_000)
    const { record: viewOnce } = await send({ image, mimetype: 'image/jpeg', caption: 'once', viewOnce: true })
    expect(viewOnce.text).toBe('once')
    expect(JSON.stringify(recorded(viewOnce))).toContain('"viewOnce":true')
    expect((await sandbox.api.downloadMedia(viewOnce.id)).data.equals(image)).toBe(true)
  })

  it('edits, deletes (revoke) and polls', async () => {
    const { send } = await setup()
    const { sent } = await send({ text: 'tpyo' })
    // Baileys later replaces the key of the message object it returned with the revoke's key (its
    // event buffer merges the REVOKE update into it): keep the id
    const originalId = sent.key.id
    const { record: edit } = await send({ text: 'typo', edit: { ...sent.key } })
    expect(recorded(edit).protocolMessage).toMatchObject({
      type: 'MESSAGE_EDIT',
      key: { id: originalId, fromMe: true },
      editedMessage: { extendedTextMessage: { text: 'typo' } },
    })

    const { record: revoke } = await send({ delete: { ...sent.key } })
    expect(recorded(revoke).protocolMessage).toMatchObject({ type: 'REVOKE', key: { id: originalId } })

    const { record: poll } = await send({ poll: { name: 'Lunch?', values: ['pizza', 'sushi'], selectableCount: 1 } })
    expect(poll.type).toBe('poll')
    expect(poll.text).toBe('Lunch?')
    const creation = recorded(poll).pollCreationMessageV3 ?? recorded(poll).pollCreationMessage
    expect(creation.options.map((o: { optionName: string }) => o.optionName)).toEqual(['pizza', 'sushi'])
  })
})
