import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, sessionOf, startWhatsAppWorld, statusHistory, waitForStatus, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

const authRows = async (world: WhatsAppWorld, sessionId: string) =>
  Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM wa_auth WHERE session_id = ${sessionId}`.execute(world.gateway.gateway.db)).rows[0]!.n)

describe('session lifecycle through real Baileys and the sandbox', () => {
  let world: WhatsAppWorld
  beforeAll(async () => {
    world = await startWhatsAppWorld()
  })
  afterAll(() => world?.close())

  it('shows a QR within seconds of creation, and is CONNECTED as the account once the QR is scanned', async () => {
    const phone = world.sandbox.api.createPhone({ name: 'Shop' })
    const { body: created } = await world.gateway.request('POST', '/api/sessions', { key: world.key, body: { name: 'Shop' } })
    expect(created.status).toBe('CONNECTING')
    const listed = await eventually(async () => {
      const [session] = ((await world.gateway.request('GET', '/api/sessions', { key: world.key })).body as Array<Record<string, any>>).filter(
        (s) => s.sessionId === created.sessionId,
      )
      expect(session).toMatchObject({ status: 'CONNECTING', qr: expect.stringMatching(/^https:\/\/wa\.me\/settings\/linked_devices#/) })
      return session!
    })
    await world.sandbox.api.scanQr(phone.pn, listed.qr)
    const connected = await waitForStatus(world, created.sessionId, 'CONNECTED')
    expect(connected).toMatchObject({ qr: null, me: { jid: phone.jid } })
    expect(await authRows(world, created.sessionId)).toBeGreaterThan(0)
  })

  it('links by pairing code as an alternative to the QR', async () => {
    const phone = world.sandbox.api.createPhone({ name: 'Coded' })
    const { body: created } = await world.gateway.request('POST', '/api/sessions', { key: world.key, body: { name: 'Coded' } })
    await world.gateway.request('POST', `/api/sessions/${created.sessionId}/stop`, { key: world.key })
    await world.gateway.request('POST', `/api/sessions/${created.sessionId}/start`, { key: world.key, body: { pairingPhone: phone.pn } })
    const code = await eventually(async () => {
      const { pairingCode } = await sessionOf(world, created.sessionId)
      if (!pairingCode) throw new Error('no pairing code yet')
      return pairingCode as string
    })
    await world.sandbox.api.enterPairingCode(phone.pn, code)
    expect((await waitForStatus(world, created.sessionId, 'CONNECTED')).me).toMatchObject({ jid: phone.jid })
  })

  it('turns a dropped socket into ZOMBIE, heals it and is CONNECTED again, never claiming CONNECTED in between', async () => {
    const { sessionId, phone } = await pairNewSession(world, 'Dropped')
    world.sandbox.api.faults.dropSocket({ phone: phone.pn })
    await eventually(async () => {
      const history = (await statusHistory(world, sessionId)).map((h) => h.status)
      expect(history.slice(-2)).toEqual(['ZOMBIE', 'CONNECTED'])
    })
    const zombie = (await statusHistory(world, sessionId)).at(-2)!
    expect(zombie.reason).toBe('connection_lost')
  })

  it('detects a silent socket (pings unanswered) as ZOMBIE and heals it', async () => {
    const { sessionId, phone } = await pairNewSession(world, 'Silent')
    world.sandbox.api.faults.silence({ phone: phone.pn })
    await eventually(
      async () => {
        const history = await statusHistory(world, sessionId)
        expect(history.slice(-2).map((h) => h.status)).toEqual(['ZOMBIE', 'CONNECTED'])
        expect(history.at(-2)!.reason).toBe('silent')
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    )
  }, 40_000)

  it('ends DISCONNECTED with its credentials gone when the phone unlinks it, and stays there', async () => {
    const { sessionId, phone } = await pairNewSession(world, 'Unlinked')
    world.sandbox.api.faults.logout({ phone: phone.pn })
    const session = await waitForStatus(world, sessionId, 'DISCONNECTED')
    expect(session.statusReason).toBe('logged_out')
    await eventually(async () => expect(await authRows(world, sessionId)).toBe(0))
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await sessionOf(world, sessionId)).status).toBe('DISCONNECTED')
  })

  it('logs out on request: DISCONNECTED, unlinked at WhatsApp, credentials gone; a new start asks for a new QR', async () => {
    const { sessionId, phone } = await pairNewSession(world, 'Logout')
    const { status, body } = await world.gateway.request('POST', `/api/sessions/${sessionId}/logout`, { key: world.key })
    expect(status).toBe(200)
    await waitForStatus(world, sessionId, 'DISCONNECTED')
    await eventually(async () => expect(await authRows(world, sessionId)).toBe(0))
    await eventually(() => expect(world.sandbox.api.getPhone(phone.pn).devices).toHaveLength(0))
    expect(body.sessionId).toBe(sessionId)
    await world.gateway.request('POST', `/api/sessions/${sessionId}/start`, { key: world.key })
    await eventually(async () => expect((await sessionOf(world, sessionId)).qr).toBeTruthy())
  })
})

describe('gateway restart', () => {
  it('keeps a linked session: after a restart it is CONNECTED again without a new QR', async () => {
    const first = await startWhatsAppWorld()
    const { sessionId } = await pairNewSession(first, 'Survivor')
    const dataDir = first.gateway.dataDir
    const qrsBefore = (await statusHistory(first, sessionId)).filter((h) => h.qr).length
    await first.gateway.gateway.close()
    const second = await startWhatsAppWorld({ sandbox: first.sandbox, gateway: { dataDir } })
    try {
      const again = { gateway: second.gateway, key: first.key }
      const session = await waitForStatus(again, sessionId, 'CONNECTED')
      expect(session.qr).toBeNull()
      const history = await statusHistory(second, sessionId)
      expect(history.filter((h) => h.qr)).toHaveLength(qrsBefore)
      expect(history.map((h) => h.reason)).toContain('shutdown')
    } finally {
      await second.close()
      await first.sandbox.close()
    }
  }, 60_000) // a gateway restart and a reconnect
})
