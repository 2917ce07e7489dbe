import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { startMediaServer, pictures, type MediaServer } from '../support/media-fixtures.ts'
import { startHttpProxy, startSocksProxy, type CountingProxy } from '../support/proxies.ts'
import { pairNewSession, sessionOf, startWhatsAppWorld, waitForStatus, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

/**
 * A session's proxy (setting `proxy`): its WhatsApp socket and its media go through it, http or socks5
 * with credentials; the URL is sealed at rest and shown masked; a change reconnects through the new one.
 */
describe('session proxy end to end', () => {
  let world: WhatsAppWorld
  let http: CountingProxy
  let socks: CountingProxy
  let media: MediaServer
  const sandboxHost = () => new URL(world.sandbox.wsUrl).host

  beforeAll(async () => {
    http = await startHttpProxy('alice', 's3cret:pw')
    socks = await startSocksProxy('bob', 'hunter2')
    media = await startMediaServer({ 'photo.jpg': { bytes: (await pictures()).jpg, type: 'image/jpeg' } })
    world = await startWhatsAppWorld({ gateway: { env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } } })
  }, 60_000)
  afterAll(async () => {
    await world?.close()
    await Promise.all([http?.close(), socks?.close(), media?.close()])
  })

  it('connects through an http proxy with credentials, sends media through it, and never shows or stores the password', async () => {
    const { sessionId, phone } = await pairNewSession(world, 'Proxied', { proxy: http.url })
    expect(http.tunnels.filter((t) => t === sandboxHost()).length).toBeGreaterThanOrEqual(1)
    const session = await sessionOf(world, sessionId)
    expect(session.config.proxy).toBe(`http://alice:***@${new URL(http.url).host}`)
    expect(session.config).not.toHaveProperty('proxySealed')

    // Media goes up to WhatsApp's media host through the proxy too.
    const contact = world.sandbox.api.createContact({ name: 'Photo friend' })
    const before = http.tunnels.length
    const send = await world.gateway.request('POST', '/api/chat/send', {
      key: world.key,
      body: { sessionId, jid: contact.jid, message: { image: { url: media.url('photo.jpg') } } },
    })
    expect(send.status, JSON.stringify(send.body)).toBe(200)
    await world.sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid, timeoutMs: 15_000 })
    expect(http.tunnels.length).toBeGreaterThan(before)

    // And a received picture comes down through it.
    const beforeDownload = http.tunnels.length
    const photo = await world.sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, media: { kind: 'image', data: (await pictures()).jpg.toString('base64'), mimetype: 'image/jpeg' } })
    const stored = await eventually(async () => {
      const event = (await world.gateway.gateway.store.readStream(`messages-${sessionId}`)).find((e) => e.type === 'message.media' && (e.data as { keyId: string }).keyId === photo.id)
      expect(event).toBeDefined()
      return event!.data as { url: string | null; error?: string }
    }, { timeoutMs: 15_000 })
    expect(stored.url, stored.error).toEqual(expect.any(String))
    expect(http.tunnels.length).toBeGreaterThan(beforeDownload)

    // At rest: the session's events and read model hold the masked URL and a sealed one, never the password.
    const events = JSON.stringify((await world.gateway.gateway.store.readStream(`session-${sessionId}`)).map((e) => e.data))
    expect(events).not.toContain('s3cret')
    const row = await world.gateway.gateway.db.selectFrom('sessions').select('config').where('session_id', '=', sessionId).executeTakeFirstOrThrow()
    expect(JSON.stringify(row.config)).not.toContain('s3cret')
    expect(row.config.proxySealed).toEqual(expect.any(String))
  })

  it('moves a connected session to a socks5 proxy: it reconnects through it', async () => {
    const { sessionId } = await pairNewSession(world, 'Moving')
    expect(socks.tunnels).toEqual([])
    const patch = await world.gateway.request('PATCH', `/api/sessions/${sessionId}/settings`, { key: world.key, body: { config: { proxy: socks.url } } })
    expect(patch.status, JSON.stringify(patch.body)).toBe(200)
    expect(patch.body.config.proxy).toBe(`socks5://bob:***@${new URL(socks.url).host}`)
    await eventually(() => expect(socks.tunnels.filter((t) => t === sandboxHost()).length).toBeGreaterThanOrEqual(1), { timeoutMs: 30_000 })
    await waitForStatus(world, sessionId, 'CONNECTED', 30_000)
    expect(socks.refused).toBe(0)

    // Back to no proxy.
    const off = await world.gateway.request('PATCH', `/api/sessions/${sessionId}/settings`, { key: world.key, body: { config: { proxy: null } } })
    expect(off.body.config.proxy).toBeNull()
  })

  it('refuses a proxy URL it cannot use, saying what is wrong', async () => {
    const { body } = await world.gateway.request('POST', '/api/sessions', { key: world.key, body: { name: 'Bad proxy' } })
    for (const proxy of ['ftp://127.0.0.1:21', 'socks4://127.0.0.1:1080', 'http://127.0.0.1:3128/path', 'nonsense', '']) {
      const response = await world.gateway.request('PATCH', `/api/sessions/${body.sessionId}/settings`, { key: world.key, body: { config: { proxy } } })
      expect(response.status, proxy).toBe(400)
      expect(response.body.error).toMatch(/proxy/)
    }
    const sealed = await world.gateway.request('PATCH', `/api/sessions/${body.sessionId}/settings`, { key: world.key, body: { config: { proxySealed: 'x' } } })
    expect(sealed.status).toBe(400)
  })
})
