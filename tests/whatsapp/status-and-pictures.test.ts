import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pictures, startMediaServer, tinyMp4, type MediaServer } from '../support/media-fixtures.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

describe('WhatsApp status and profile pictures', () => {
  let world: WhatsAppWorld
  let media: MediaServer
  let sessionId: string
  let phone: { pn: string; jid: string }
  let friends: Array<{ pn: string; jid: string }>

  beforeAll(async () => {
    media = await startMediaServer({ 'photo.jpg': { bytes: (await pictures()).jpg, type: 'image/jpeg' }, 'clip.mp4': { bytes: tinyMp4(), type: 'video/mp4' } })
    world = await startWhatsAppWorld({ gateway: { env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } } })
    ;({ sessionId, phone } = await pairNewSession(world, 'Storyteller'))
    friends = [world.sandbox.api.createContact({ name: 'F1' }), world.sandbox.api.createContact({ name: 'F2' })]
    // The session knows its contacts once they have talked to it.
    for (const friend of friends) await world.sandbox.api.sendMessage({ from: friend.pn, to: phone.pn, text: 'hi' })
    await eventually(async () => {
      const chats = (await world.gateway.request('GET', `/api/chat/${sessionId}`, { key: world.key })).body as Array<{ jid: string }>
      for (const friend of friends) expect(chats.map((c) => c.jid)).toContain(friend.jid)
    })
  })
  afterAll(async () => {
    await world?.close()
    await media?.close()
  })

  const post = (body: Record<string, unknown>) => world.gateway.request('POST', '/api/status/update', { key: world.key, body: { sessionId, ...body } })
  const lastStatus = (since: number) => world.sandbox.api.waitForSent({ phone: phone.pn, to: 'status@broadcast', since, timeoutMs: 10_000 })

  it('posts a TEXT status (the seed\'s example) with colour and font to the contacts', async () => {
    const since = world.sandbox.api.cursor()
    const response = await post({ content: 'My text status!', type: 'TEXT', backgroundColor: '0xff1e90ff', font: 2 })
    expect([response.status, response.body]).toEqual([200, expect.objectContaining({ success: true })])
    const record = await lastStatus(since)
    expect(record.text).toBe('My text status!')
    expect((record.message as Record<string, any>).extendedTextMessage).toMatchObject({ text: 'My text status!', backgroundArgb: 0xff1e90ff })
    expect(record.audience!.map((a) => a.jid)).toEqual(expect.arrayContaining(friends.map((f) => f.jid)))
    const events = (await world.gateway.gateway.store.readStream(`messages-${sessionId}`)).filter((e) => e.type === 'status.update')
    expect(events.at(-1)!.data).toMatchObject({ event: 'posted', fromMe: true, text: 'My text status!', audience: friends.length })
  })

  it('posts IMAGE and VIDEO statuses with their caption, the media decryptable by the audience', async () => {
    let since = world.sandbox.api.cursor()
    expect((await post({ content: 'Check this photo!', type: 'IMAGE', mediaUrl: media.url('photo.jpg') })).status).toBe(200)
    const image = await lastStatus(since)
    expect((image.message as Record<string, any>).imageMessage).toMatchObject({ caption: 'Check this photo!' })
    expect((await world.sandbox.api.downloadMedia(image.id)).data.equals(media.files['photo.jpg']!.bytes)).toBe(true)
    since = world.sandbox.api.cursor()
    expect((await post({ content: 'Watch this!', type: 'VIDEO', mediaUrl: media.url('clip.mp4') })).status).toBe(200)
    expect(((await lastStatus(since)).message as Record<string, any>).videoMessage).toMatchObject({ caption: 'Watch this!' })
  })

  it('validates the seed\'s fields', async () => {
    for (const [body, message] of [
      [{ content: 'x', type: 'IMAGE' }, /mediaUrl is required/],
      [{ content: 'x', font: 6 }, /font: must be 0 to 5/],
      [{ content: 'x', backgroundColor: 'blue' }, /backgroundColor/],
      [{ content: 'x', type: 'AUDIO' }, /type/],
      [{ type: 'TEXT' }, /content is required/],
    ] as const) {
      const response = await post(body)
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 400])
      expect(response.body.error).toMatch(message)
    }
  })

  it('records a contact\'s status as status.update', async () => {
    const posted = await world.sandbox.api.postStatus({ from: friends[0]!.pn, text: 'Friend story', to: [phone.pn] })
    await eventually(async () => {
      const events = (await world.gateway.gateway.store.readStream(`messages-${sessionId}`)).filter((e) => e.type === 'status.update')
      expect(events.map((e) => e.data)).toContainEqual(expect.objectContaining({ event: 'posted', keyId: posted.id, fromMe: false, text: 'Friend story' }))
    })
    const chats = (await world.gateway.request('GET', `/api/chat/${sessionId}`, { key: world.key })).body as Array<{ jid: string }>
    expect(chats.map((c) => c.jid)).not.toContain('status@broadcast')
  })

  it('shows a contact\'s profile picture once WhatsApp has it', async () => {
    const pictured = world.sandbox.api.createContact({ name: 'Pictured' })
    const info = await world.sandbox.api.setProfilePicture(pictured.pn, { data: (await pictures()).jpg, mimetype: 'image/jpeg' })
    await world.sandbox.api.sendMessage({ from: pictured.pn, to: phone.pn, text: 'look at my picture' })
    const chat = await eventually(async () => {
      const found = ((await world.gateway.request('GET', `/api/chat/${sessionId}`, { key: world.key })).body as Array<Record<string, any>>).find((c) => c.jid === pictured.jid)
      expect(found?.profilePic).toBeTruthy()
      return found!
    })
    expect(chat.profilePic).toBe(info.previewUrl)
  })
})
