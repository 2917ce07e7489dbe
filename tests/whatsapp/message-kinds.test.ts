import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SentMessageRecord } from '../../src/sandbox/index.ts'
import { eventually } from '../support/eventually.ts'
import { pictures, silentMp3, startMediaServer, tinyMp4, tinyPdf, type MediaServer } from '../support/media-fixtures.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

describe('every kind of message, sent through real Baileys and decrypted by the sandbox', () => {
  let world: WhatsAppWorld
  let media: MediaServer
  let sessionId: string
  let phone: { pn: string; jid: string }
  let contact: { pn: string; jid: string }

  beforeAll(async () => {
    const { jpg, png } = await pictures()
    media = await startMediaServer({
      'photo.jpg': { bytes: jpg, type: 'image/jpeg' },
      'sticker.png': { bytes: png, type: 'image/png' },
      'clip.mp4': { bytes: tinyMp4(), type: 'video/mp4' },
      'voice.mp3': { bytes: silentMp3(), type: 'audio/mpeg' },
      'doc.pdf': { bytes: tinyPdf(), type: 'application/pdf' },
      'fake.jpg': { bytes: Buffer.from('this is not a picture at all'), type: 'image/jpeg' },
    })
    world = await startWhatsAppWorld({ gateway: { env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } } })
    ;({ sessionId, phone } = await pairNewSession(world, 'Kinds'))
    contact = world.sandbox.api.createContact({ name: 'Recipient' })
  })
  afterAll(async () => {
    await world?.close()
    await media?.close()
  })

  /** Sends `message` to the contact and returns what the sandbox recorded (decrypted). */
  const send = async (message: unknown, headers: Record<string, string> = {}): Promise<{ record: SentMessageRecord; messageId: string }> => {
    const since = world.sandbox.api.cursor()
    const response = await world.gateway.request('POST', '/api/chat/send', { key: world.key, headers, body: { sessionId, jid: contact.jid, message } })
    expect({ status: response.status, body: response.body }).toMatchObject({ status: 200, body: { success: true } })
    const record = await world.sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid, since, timeoutMs: 15_000 })
    expect(record.id).toBe(response.body.messageId)
    return { record, messageId: response.body.messageId }
  }
  const message = (record: SentMessageRecord) => record.message as Record<string, any>
  const chatMessage = (keyId: string) =>
    eventually(async () => {
      const found = ((await world.gateway.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(contact.jid)}?limit=500`, { key: world.key })).body as any[]).find(
        (m) => m.keyId === keyId,
      )
      expect(found).toBeDefined()
      return found
    })

  it('image with caption (the seed\'s example): the recipient decrypts the same bytes', async () => {
    const { record, messageId } = await send({ image: { url: media.url('photo.jpg') }, caption: 'Check this out!' })
    expect(message(record).imageMessage).toMatchObject({ caption: 'Check this out!', mimetype: 'image/jpeg' })
    expect((await world.sandbox.api.downloadMedia(record.id)).data.equals(media.files['photo.jpg']!.bytes)).toBe(true)
    expect(await chatMessage(messageId)).toMatchObject({ type: 'IMAGE', content: 'Check this out!', mediaUrl: media.url('photo.jpg') })
  })

  it('video with caption', async () => {
    const { record } = await send({ video: { url: media.url('clip.mp4') }, caption: 'Watch this!' })
    expect(message(record).videoMessage).toMatchObject({ caption: 'Watch this!', mimetype: 'video/mp4' })
    expect((await world.sandbox.api.downloadMedia(record.id)).data.equals(media.files['clip.mp4']!.bytes)).toBe(true)
  })

  it('audio as a voice note', async () => {
    const { record, messageId } = await send({ audio: { url: media.url('voice.mp3') }, ptt: true })
    expect(message(record).audioMessage).toMatchObject({ ptt: true, mimetype: 'audio/mpeg' })
    expect((await world.sandbox.api.downloadMedia(record.id)).data.equals(media.files['voice.mp3']!.bytes)).toBe(true)
    expect((await chatMessage(messageId)).type).toBe('AUDIO')
  })

  it('document with mimetype and fileName (the seed\'s example)', async () => {
    const { record } = await send({ document: { url: media.url('doc.pdf') }, mimetype: 'application/pdf', fileName: 'document.pdf' })
    expect(message(record).documentMessage).toMatchObject({ mimetype: 'application/pdf', fileName: 'document.pdf' })
    expect((await world.sandbox.api.downloadMedia(record.id)).data.equals(media.files['doc.pdf']!.bytes)).toBe(true)
  })

  it('sticker from a PNG URL, converted to a 512×512 WebP', async () => {
    const { record, messageId } = await send({ sticker: { url: media.url('sticker.png') } })
    expect(message(record).stickerMessage).toMatchObject({ mimetype: 'image/webp' })
    const sticker = (await world.sandbox.api.downloadMedia(record.id)).data
    expect(await sharp(sticker).metadata()).toMatchObject({ format: 'webp', width: 512, height: 512 })
    expect((await chatMessage(messageId)).type).toBe('STICKER')
  })

  it('location and contact card', async () => {
    const { record: place, messageId } = await send({ location: { degreesLatitude: -6.2, degreesLongitude: 106.816666, name: 'Monas', address: 'Jakarta' } })
    expect(message(place).locationMessage).toMatchObject({ degreesLatitude: -6.2, degreesLongitude: 106.816666, name: 'Monas' })
    expect(await chatMessage(messageId)).toMatchObject({ type: 'LOCATION', content: 'Monas' })
    const { record: card } = await send({ contact: { fullName: 'Adit Putra', phoneNumber: '+6287748687946' } })
    expect(message(card).contactMessage).toMatchObject({ displayName: 'Adit Putra' })
    expect(message(card).contactMessage.vcard).toContain('waid=6287748687946')
  })

  it('a reply quotes the original, and a reaction lands on it', async () => {
    const { messageId: original } = await send({ text: 'Original question' })
    await chatMessage(original)
    const { record: reply } = await send({ text: 'The answer', quoted: original })
    expect(message(reply).extendedTextMessage).toMatchObject({ text: 'The answer', contextInfo: { stanzaId: original, quotedMessage: expect.anything() } })
    const { record: reaction } = await send({ react: { text: '👍', key: { id: original } } })
    expect(message(reaction).reactionMessage).toMatchObject({ text: '👍', key: { id: original, fromMe: true } })
    await eventually(async () => expect((await chatMessage(original)).reactions).toEqual({ me: '👍' }))
    const unknown = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: contact.jid, message: { text: 'x', quoted: 'NOPE' } } })
    expect([unknown.status, unknown.body.error]).toEqual([400, expect.stringMatching(/quoted: no message NOPE/)])
  })

  it('makes a retried send with the same Idempotency-Key a no-op that answers the first result', async () => {
    const headers = { 'idempotency-key': `order-${Date.now()}` }
    const since = world.sandbox.api.cursor()
    const first = await world.gateway.request('POST', '/api/chat/send', { key: world.key, headers, body: { sessionId, jid: contact.jid, message: { text: 'Once only' } } })
    const again = await world.gateway.request('POST', '/api/chat/send', { key: world.key, headers, body: { sessionId, jid: contact.jid, message: { text: 'Once only' } } })
    expect(again.body).toEqual(first.body)
    await world.sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid, since, timeoutMs: 10_000 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(world.sandbox.api.listSent({ phone: phone.pn, to: contact.jid, since })).toHaveLength(1)
    const reused = await world.gateway.request('POST', '/api/chat/send', { key: world.key, headers, body: { sessionId, jid: contact.jid, message: { text: 'Something else' } } })
    expect(reused.status).toBe(409)
  })

  it('refuses media that is not what it claims, or missing, with 400', async () => {
    const fake = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: contact.jid, message: { image: { url: media.url('fake.jpg') } } } })
    expect([fake.status, fake.body.error]).toEqual([400, expect.stringMatching(/the image is not a recognised media file/)])
    const missing = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: contact.jid, message: { image: { url: media.url('gone.jpg') } } } })
    expect([missing.status, missing.body.error]).toEqual([400, expect.stringMatching(/answered 404/)])
    const shapes: unknown[] = [{ image: 'http://x' }, { image: { url: 'ftp://x/y.jpg' } }, { text: 'a', image: { url: media.url('photo.jpg') } }, {}, { location: { degreesLatitude: 100, degreesLongitude: 0 } }]
    for (const shape of shapes) {
      const response = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: contact.jid, message: shape } })
      expect([JSON.stringify(shape), response.status]).toEqual([JSON.stringify(shape), 400])
    }
  })

  it('stores media a contact sends and serves it at the message\'s mediaUrl', async () => {
    const { jpg } = await pictures()
    const sent = await world.sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, media: { kind: 'image', data: jpg, mimetype: 'image/jpeg', caption: 'From the contact' } })
    const received = await eventually(async () => {
      const m = await chatMessage(sent.id)
      expect(m.mediaUrl).toMatch(/^\/api\/media\//)
      return m
    })
    expect(received).toMatchObject({ fromMe: false, type: 'IMAGE', content: 'From the contact' })
    const file = await fetch(`${world.gateway.url}${received.mediaUrl}`, { headers: { 'x-api-key': world.key } })
    expect(file.headers.get('content-type')).toBe('image/jpeg')
    expect(Buffer.from(await file.arrayBuffer()).equals(jpg)).toBe(true)
    expect((await fetch(`${world.gateway.url}${received.mediaUrl}`)).status).toBe(401)
  })

  it('makes a sticker from an upload (the seed\'s multipart form), and refuses non-images and missing fields', async () => {
    const { png } = await pictures()
    const form = (fields: Record<string, string>, file?: { bytes: Buffer; name: string; type: string }) => {
      const data = new FormData()
      for (const [k, v] of Object.entries(fields)) data.append(k, v)
      if (file) data.append('file', new Blob([file.bytes], { type: file.type }), file.name)
      return data
    }
    const post = (data: FormData) => fetch(`${world.gateway.url}/api/messages/sticker`, { method: 'POST', headers: { 'x-api-key': world.key }, body: data })
    const since = world.sandbox.api.cursor()
    const ok = await post(form({ sessionId, jid: contact.jid }, { bytes: png, name: 'image.png', type: 'image/png' }))
    expect([ok.status, await ok.json()]).toEqual([200, expect.objectContaining({ success: true })])
    const record = await world.sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid, since, timeoutMs: 10_000 })
    expect(message(record).stickerMessage).toBeDefined()
    const sticker = (await world.sandbox.api.downloadMedia(record.id)).data
    expect(await sharp(sticker).metadata()).toMatchObject({ format: 'webp', width: 512, height: 512 })
    expect(sticker.includes(Buffer.from('sticker-pack-name'))).toBe(true)

    const notImage = await post(form({ sessionId, jid: contact.jid }, { bytes: Buffer.from('%PDF-1.4 hello'), name: 'doc.pdf', type: 'application/pdf' }))
    expect([notImage.status, ((await notImage.json()) as { error: string }).error]).toEqual([400, 'file must be a PNG, JPG or WEBP image'])
    const noFile = await post(form({ sessionId, jid: contact.jid }))
    expect([noFile.status, ((await noFile.json()) as { error: string }).error]).toEqual([400, 'invalid body: file is required (a file field)'])
    const noJid = await post(form({ sessionId }, { bytes: png, name: 'image.png', type: 'image/png' }))
    expect([noJid.status, ((await noJid.json()) as { error: string }).error]).toEqual([400, 'invalid body: jid is required'])
    const huge = await post(form({ sessionId, jid: contact.jid }, { bytes: Buffer.alloc(6 * 1024 * 1024, 1), name: 'big.png', type: 'image/png' }))
    expect([huge.status, ((await huge.json()) as { error: string }).error]).toEqual([413, 'file is larger than 5 MB'])
  })
})

describe('media from private addresses', () => {
  it('is refused unless OUTBOUND_ALLOW_PRIVATE_NETWORKS is on', async () => {
    const world = await startWhatsAppWorld()
    try {
      const { sessionId } = await pairNewSession(world, 'Guarded')
      const contact = world.sandbox.api.createContact()
      for (const url of ['http://127.0.0.1:8080/a.jpg', 'http://localhost:8080/a.jpg', 'http://169.254.169.254/latest', 'http://10.0.0.1/x.jpg']) {
        const response = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: contact.jid, message: { image: { url } } } })
        expect([url, response.status]).toEqual([url, 400])
        expect(response.body.error).toMatch(/OUTBOUND_ALLOW_PRIVATE_NETWORKS/)
      }
    } finally {
      await world.close()
    }
  })
})
