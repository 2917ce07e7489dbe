import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pictures } from '../support/media-fixtures.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

/** The linked account's own profile through real Baileys: about, push name, picture, as WhatsApp gets them. */
describe('profile end to end', () => {
  let world: WhatsAppWorld
  let sessionId: string
  let phone: { pn: string; jid: string }
  const call = (method: string, path: string, body?: unknown) => world.gateway.request(method, path, { key: world.key, body })
  const putPicture = (id: string, bytes: Buffer, type = 'image/png') => {
    const form = new FormData()
    form.append('picture', new Blob([bytes], { type }), 'me.png')
    return fetch(`${world.gateway.url}/api/sessions/${id}/profile/picture`, { method: 'PUT', headers: { 'x-api-key': world.key }, body: form })
  }

  beforeAll(async () => {
    world = await startWhatsAppWorld()
    ;({ sessionId, phone } = await pairNewSession(world, 'Profile phone'))
  }, 60_000)
  afterAll(async () => {
    await world?.close()
  })

  it('sets the about: WhatsApp gets the status query, and others read the new text', async () => {
    const response = await call('PATCH', `/api/sessions/${sessionId}/profile`, { about: 'Open 9–17, WIB' })
    expect([response.status, response.body]).toEqual([200, { success: true, sessionId, about: 'Open 9–17, WIB' }])
    expect(world.sandbox.api.aboutChanges(phone.pn).map((c) => c.text)).toEqual(['Open 9–17, WIB'])
    expect(world.sandbox.api.getAbout(phone.pn).text).toBe('Open 9–17, WIB')
  })

  it('sets the push name through the account’s app state (a critical_block patch WhatsApp decodes)', async () => {
    const response = await call('PATCH', `/api/sessions/${sessionId}/profile`, { name: 'Toko Budi' })
    expect([response.status, response.body], JSON.stringify(response.body)).toEqual([200, { success: true, sessionId, name: 'Toko Budi' }])
    const patch = await world.sandbox.api.waitForAppStatePatch({ phone: phone.pn, index: 'setting_pushName', timeoutMs: 10_000 })
    expect(patch.mutations).toEqual([expect.objectContaining({ operation: 'set', index: ['setting_pushName'], action: 'pushNameSetting', value: { name: 'Toko Budi' } })])
  })

  it('sets the picture from an uploaded image, as a square JPEG', async () => {
    const response = await putPicture(sessionId, (await pictures()).png)
    const body = (await response.json()) as { picture: string }
    expect([response.status, body], JSON.stringify(body)).toEqual([200, { success: true, sessionId, picture: expect.any(String) }])
    const set = world.sandbox.api.getProfilePicture(phone.pn)
    expect(set).toMatchObject({ mimetype: 'image/jpeg', url: body.picture })
  })

  it('refuses bad input with 400', async () => {
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(26) }, { about: 'x'.repeat(140) }, { name: 'ok', extra: 1 }, { about: 5 }]) {
      const response = await call('PATCH', `/api/sessions/${sessionId}/profile`, body)
      expect([response.status, typeof response.body.error], JSON.stringify(body)).toEqual([400, 'string'])
    }
    const notAnImage = await putPicture(sessionId, Buffer.from('not an image at all'), 'image/png')
    expect([notAnImage.status, ((await notAnImage.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(/picture must be an image/)])
    const noFile = await fetch(`${world.gateway.url}/api/sessions/${sessionId}/profile/picture`, { method: 'PUT', headers: { 'x-api-key': world.key }, body: new FormData() })
    expect(noFile.status).toBe(400)
  })

  it('answers 503 while the session is not connected, and 404 for an unknown session', async () => {
    expect((await call('POST', `/api/sessions/${sessionId}/stop`)).status).toBe(200)
    expect((await call('PATCH', `/api/sessions/${sessionId}/profile`, { about: 'away' })).status).toBe(503)
    expect((await putPicture(sessionId, (await pictures()).jpg, 'image/jpeg')).status).toBe(503)
    expect((await call('PATCH', '/api/sessions/nosuchsession/profile', { about: 'away' })).status).toBe(404)
  })
})
