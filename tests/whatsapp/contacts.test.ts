import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pictures } from '../support/media-fixtures.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

interface Contact {
  pn: string
  jid: string
  lid: string
  lidJid: string
  name: string
}

/**
 * Contacts through real Baileys and the sandbox: existence checks by usync (normalized, cached),
 * a person's live profile, block and unblock as the blocklist queries WhatsApp gets, and the
 * contacts read model under one canonical JID per person.
 */
describe('contacts end to end', () => {
  let world: WhatsAppWorld
  let sessionId: string
  let phone: { pn: string; jid: string }
  const call = (method: string, path: string, body?: unknown) => world.gateway.request(method, path, { key: world.key, body })
  const ok = async (method: string, path: string, body?: unknown) => {
    const response = await call(method, path, body)
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body as any
  }
  const newContact = (name: string) => world.sandbox.api.createContact({ name }) as Contact

  beforeAll(async () => {
    world = await startWhatsAppWorld()
    ;({ sessionId, phone } = await pairNewSession(world, 'Contacts phone'))
  }, 60_000)
  afterAll(async () => {
    await world?.close()
  })

  it('answers exists for known and unknown numbers, in the order asked, normalizing what people write', async () => {
    const adit = newContact('Adit')
    const numbers = [`+${adit.pn.slice(0, 1)} ${adit.pn.slice(1)}`, '19990001234', '0812-0000-0001', adit.jid]
    const checks = await ok('POST', '/api/contacts/check', { sessionId, numbers })
    expect(checks).toEqual([
      { input: numbers[0], jid: adit.jid, exists: true, lid: adit.lidJid },
      { input: '19990001234', jid: '19990001234@s.whatsapp.net', exists: false, lid: null },
      { input: '0812-0000-0001', jid: '6281200000001@s.whatsapp.net', exists: false, lid: null },
      { input: adit.jid, jid: adit.jid, exists: true, lid: adit.lidJid },
    ])
  })

  it('does not ask WhatsApp again for a list checked twice (the session caches answers)', async () => {
    const budi = newContact('Budi')
    const list = { sessionId, numbers: [budi.pn, '19990005678'] }
    const first = await ok('POST', '/api/contacts/check', list)
    expect(first.map((c: { exists: boolean }) => c.exists)).toEqual([true, false])
    // The number joins WhatsApp now: a second query would say so; the cached answer does not.
    world.sandbox.api.createContact({ pn: '19990005678', name: 'Late' })
    expect(await ok('POST', '/api/contacts/check', list)).toEqual(first)
  })

  it('reads a person’s profile live from WhatsApp, by either form of their JID', async () => {
    const citra = newContact('Citra')
    world.sandbox.api.setAbout(citra.pn, 'Available for work')
    const picture = await world.sandbox.api.setProfilePicture(citra.pn, { data: (await pictures()).jpg, mimetype: 'image/jpeg' })
    // The LID form is resolved once the session knows the pair (from the existence check).
    await ok('POST', '/api/contacts/check', { sessionId, numbers: [citra.pn] })
    for (const jid of [citra.jid, citra.lidJid]) {
      const profile = await ok('GET', `/api/contacts/${sessionId}/${encodeURIComponent(jid)}`)
      expect(profile).toMatchObject({ jid: citra.jid, jidAlt: citra.lidJid, about: 'Available for work', picture: picture.url, business: null })
      expect(profile.aboutSetAt).toEqual(expect.any(String))
    }
  })

  it('shows a business account’s profile', async () => {
    const shop = newContact('Toko Sari')
    world.sandbox.api.setBusinessProfile(shop.pn, { description: 'Batik and tenun', category: 'Shopping & retail', email: 'sari@example.com', website: 'https://sari.example.com', address: 'Jl. Malioboro 1, Yogyakarta' })
    const profile = await ok('GET', `/api/contacts/${sessionId}/${encodeURIComponent(shop.jid)}`)
    expect(profile.business).toEqual({
      description: 'Batik and tenun',
      category: 'Shopping & retail',
      email: 'sari@example.com',
      website: ['https://sari.example.com'],
      address: 'Jl. Malioboro 1, Yogyakarta',
    })
  })

  it('blocks and unblocks: WhatsApp gets the blocklist queries, the contacts list shows it, with both JID forms', async () => {
    const dewi = newContact('Dewi')
    await world.sandbox.api.sendMessage({ from: dewi.pn, to: phone.pn, text: 'halo', addressing: 'lid' })
    await eventually(async () => expect((await ok('GET', `/api/contacts/${sessionId}`)).map((c: { jid: string }) => c.jid)).toContain(dewi.jid))

    expect(await ok('POST', '/api/contacts/block', { sessionId, jid: dewi.lidJid })).toEqual({ success: true, jid: dewi.jid, jidAlt: dewi.lidJid, blocked: true })
    expect(world.sandbox.api.blocklist(phone.pn)).toEqual([dewi.pn])
    expect(world.sandbox.api.blocklistChanges(phone.pn).at(-1)).toMatchObject({ action: 'block', jid: dewi.lidJid, pnJid: dewi.jid, user: dewi.pn })
    await eventually(async () => {
      const contacts = await ok('GET', `/api/contacts/${sessionId}`)
      expect(contacts.find((c: { jid: string }) => c.jid === dewi.jid)).toEqual({
        jid: dewi.jid,
        jidAlt: dewi.lidJid,
        lid: dewi.lidJid,
        phoneNumber: dewi.pn,
        name: null,
        notify: 'Dewi',
        profilePic: null,
        blocked: true,
      })
      expect(contacts.filter((c: { jid: string }) => c.jid === dewi.lidJid)).toEqual([])
    })
    expect(await ok('GET', `/api/contacts/${sessionId}/${encodeURIComponent(dewi.lidJid)}`)).toMatchObject({ jid: dewi.jid, jidAlt: dewi.lidJid, notify: 'Dewi' })

    await ok('POST', '/api/contacts/unblock', { sessionId, jid: dewi.jid })
    expect(world.sandbox.api.blocklist(phone.pn)).toEqual([])
    expect(world.sandbox.api.blocklistChanges(phone.pn).at(-1)).toMatchObject({ action: 'unblock', jid: dewi.lidJid })
    await eventually(async () => expect((await ok('GET', `/api/contacts/${sessionId}`)).find((c: { jid: string }) => c.jid === dewi.jid).blocked).toBe(false))
  })

  it('refuses bad input with 400 and what to fix', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/contacts/check', { sessionId, numbers: [] }],
      ['POST', '/api/contacts/check', { sessionId, numbers: ['not a number'] }],
      ['POST', '/api/contacts/check', { sessionId, numbers: ' 6281234' }],
      ['POST', '/api/contacts/check', { numbers: ['6281234567'] }],
      ['POST', '/api/contacts/check', { sessionId, numbers: Array.from({ length: 501 }, (_, i) => `62812${String(i).padStart(6, '0')}`) }],
      ['POST', '/api/contacts/block', { sessionId, jid: '120363014587327510@g.us' }],
      ['POST', '/api/contacts/unblock', { sessionId }],
      ['GET', `/api/contacts/${sessionId}/not-a-jid`, undefined],
    ]
    for (const [method, path, body] of cases) {
      const response = await call(method, path, body)
      expect([response.status, typeof response.body.error], `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`).toEqual([400, 'string'])
    }
    const bad = await call('POST', '/api/contacts/check', { sessionId, numbers: ['6281234567', 'hello'] })
    expect(bad.body.error).toMatch(/"hello" is not a phone number/)
  })

  it('answers 503 while the session is not connected, and 404 for a session one may not see', async () => {
    await ok('POST', `/api/sessions/${sessionId}/stop`)
    for (const [method, path, body] of [
      ['POST', '/api/contacts/check', { sessionId, numbers: ['6281234567'] }],
      ['POST', '/api/contacts/block', { sessionId, jid: '6281234567@s.whatsapp.net' }],
      ['GET', `/api/contacts/${sessionId}/6281234567%40s.whatsapp.net`, undefined],
    ] as const) {
      expect((await call(method, path, body)).status, `${method} ${path}`).toBe(503)
    }
    expect((await call('GET', `/api/contacts/${sessionId}`)).status).toBe(200)
    expect((await call('GET', '/api/contacts/nosuchsession')).status).toBe(404)
  })
})
