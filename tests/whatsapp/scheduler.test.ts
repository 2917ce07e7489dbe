import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

const iso = (ms: number) => new Date(ms).toISOString()

describe('scheduler through real Baileys and the sandbox', () => {
  let world: WhatsAppWorld
  let sessionId: string
  let phone: { pn: string }
  beforeAll(async () => {
    world = await startWhatsAppWorld({ gateway: { env: { SCHEDULER_TIMEZONE: 'Asia/Jakarta' } } })
    ;({ sessionId, phone } = await pairNewSession(world, 'Scheduler'))
  })
  afterAll(() => world?.close())

  const schedules = async () => (await world.gateway.request('GET', `/api/scheduler?sessionId=${sessionId}`, { key: world.key })).body as Array<Record<string, any>>

  it('sends at sendAt (never before), listing it PENDING then SENT with the seed\'s fields', async () => {
    const contact = world.sandbox.api.createContact()
    const sendAt = Date.now() + 1500
    const created = await world.gateway.request('POST', '/api/scheduler', {
      key: world.key,
      body: { sessionId, jid: contact.jid, content: 'Scheduled hello!', sendAt: iso(sendAt) },
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ jid: contact.jid, content: 'Scheduled hello!', mediaUrl: null, sendAt: iso(sendAt), status: 'PENDING' })
    expect((await schedules()).find((s) => s.id === created.body.id)).toMatchObject({ status: 'PENDING' })
    const since = world.sandbox.api.cursor()
    const record = await world.sandbox.api.waitForSent({ phone: phone.pn, to: contact.jid, since, timeoutMs: 15_000 })
    expect(record.text).toBe('Scheduled hello!')
    expect(record.timestamp * 1000).toBeGreaterThanOrEqual(Math.floor(sendAt / 1000) * 1000)
    console.log(`schedule went out ${Date.now() - sendAt} ms after sendAt (recorded)`)
    await eventually(async () => expect((await schedules()).find((s) => s.id === created.body.id)).toMatchObject({ status: 'SENT', messageId: record.id }))
  })

  it('reads a sendAt without offset in SCHEDULER_TIMEZONE, and keeps explicit offsets', async () => {
    const contact = world.sandbox.api.createContact()
    const local = await world.gateway.request('POST', '/api/scheduler', {
      key: world.key,
      body: { sessionId, jid: contact.jid, content: 'Project update', sendAt: '2099-01-15T09:00:00' },
    })
    expect(local.body.sendAt).toBe('2099-01-15T02:00:00.000Z')
    const explicit = await world.gateway.request('POST', '/api/scheduler', {
      key: world.key,
      body: { sessionId, jid: contact.jid, content: 'x', sendAt: '2099-01-15T09:00:00Z' },
    })
    expect(explicit.body.sendAt).toBe('2099-01-15T09:00:00.000Z')
    for (const id of [local.body.id, explicit.body.id]) expect((await world.gateway.request('DELETE', `/api/scheduler/${id}`, { key: world.key })).body).toEqual({ success: true })
  })

  it('cancels: CANCELLED and never sent; cancelling again is harmless, a sent one cannot be cancelled', async () => {
    const contact = world.sandbox.api.createContact()
    const since = world.sandbox.api.cursor()
    const { body } = await world.gateway.request('POST', '/api/scheduler', { key: world.key, body: { sessionId, jid: contact.jid, content: 'never', sendAt: iso(Date.now() + 1200) } })
    expect((await world.gateway.request('DELETE', `/api/scheduler/${body.id}`, { key: world.key })).body).toEqual({ success: true })
    expect((await world.gateway.request('DELETE', `/api/scheduler/${body.id}`, { key: world.key })).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(world.sandbox.api.listSent({ phone: phone.pn, to: contact.jid, since })).toEqual([])
    expect((await schedules()).find((s) => s.id === body.id)?.status).toBe('CANCELLED')
    const sent = (await schedules()).find((s) => s.status === 'SENT')!
    expect((await world.gateway.request('DELETE', `/api/scheduler/${sent.id}`, { key: world.key })).status).toBe(409)
  })

  it('validates, and hides other tenants\' schedules', async () => {
    const bad = async (body: Record<string, unknown>) => (await world.gateway.request('POST', '/api/scheduler', { key: world.key, body: { sessionId, jid: '6281234567@s.whatsapp.net', content: 'x', sendAt: '2099-01-01T00:00:00', ...body } })).body.error as string
    expect(await bad({ sendAt: 'tomorrow-ish' })).toMatch(/sendAt/)
    expect(await bad({ sendAt: '2020-01-01T00:00:00Z' })).toMatch(/in the past/)
    expect(await bad({ jid: 'nope' })).toMatch(/jid/)
    expect(await bad({ content: '' })).toMatch(/content must not be empty/)
    const stranger = (await world.gateway.request('POST', '/api/test/create-user')).body.apiKey
    const [mine] = await schedules()
    expect((await world.gateway.request('DELETE', `/api/scheduler/${mine!.id}`, { key: stranger })).status).toBe(404)
    expect((await world.gateway.request('GET', `/api/scheduler?sessionId=${sessionId}`, { key: stranger })).status).toBe(404)
  })
})

describe('schedules due while the gateway was down', () => {
  it('are sent on start within the grace, and FAILED (with the reason) beyond it', async () => {
    const env = { SCHEDULER_MISFIRE_GRACE_MS: '8000' }
    const first = await startWhatsAppWorld({ gateway: { env } })
    const { sessionId, phone } = await pairNewSession(first, 'Sleeper')
    const soon = first.sandbox.api.createContact()
    const late = first.sandbox.api.createContact()
    const t0 = Date.now()
    const post = (jid: string, content: string, at: number) =>
      first.gateway.request('POST', '/api/scheduler', { key: first.key, body: { sessionId, jid, content, sendAt: iso(at) } })
    const inGrace = (await post(soon.jid, 'a bit late', t0 + 1000)).body.id as string
    const missed = (await post(late.jid, 'too late', t0 + 14_000)).body.id as string
    const since = first.sandbox.api.cursor()
    const dataDir = first.gateway.dataDir
    const until = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + ms - Date.now())))
    await first.gateway.gateway.close()
    try {
      // Down over the first sendAt, back 1.5 s later: within the 8 s grace (room for a slow start), so it goes out on start.
      await until(2500)
      const second = await startWhatsAppWorld({ sandbox: first.sandbox, gateway: { dataDir, env } })
      const record = await first.sandbox.api.waitForSent({ phone: phone.pn, to: soon.jid, since, timeoutMs: 20_000 })
      expect(record.text).toBe('a bit late')
      await second.gateway.gateway.close()
      // Down over the second sendAt (due at 14 s, well after the second start has sent the first) and past its grace: it fails with the reason instead of going out.
      await until(23_000)
      const third = await startWhatsAppWorld({ sandbox: first.sandbox, gateway: { dataDir, env } })
      const list = async () => (await third.gateway.request('GET', `/api/scheduler?sessionId=${sessionId}`, { key: first.key })).body as Array<Record<string, any>>
      await eventually(async () => expect((await list()).find((s) => s.id === missed)).toMatchObject({ status: 'FAILED' }), { timeoutMs: 20_000 })
      const schedules = await list()
      expect(schedules.find((s) => s.id === inGrace)).toMatchObject({ status: 'SENT', messageId: record.id })
      expect(schedules.find((s) => s.id === missed)!.error).toMatch(/^missed: due at .* past the grace of 8 s \(SCHEDULER_MISFIRE_GRACE_MS\)$/)
      expect(first.sandbox.api.listSent({ phone: phone.pn, to: soon.jid, since })).toHaveLength(1)
      expect(first.sandbox.api.listSent({ phone: phone.pn, to: late.jid, since })).toEqual([])
      await third.gateway.close()
    } finally {
      await first.sandbox.close()
    }
  }, 90_000)
})
