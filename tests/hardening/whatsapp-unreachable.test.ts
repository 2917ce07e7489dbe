import { afterAll, describe, expect, it } from 'vitest'
import { createWhatsAppDriver } from '../../src/infra/whatsapp/create-whatsapp-driver.ts'
import { eventually } from '../support/eventually.ts'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'
import { freePort } from '../support/processes.ts'

describe('a session that cannot reach WhatsApp says why', () => {
  let gw: TestGateway
  afterAll(() => gw?.close())

  it('shows "cannot reach <host> (ECONNREFUSED)" as its statusReason, logged at warn, and keeps retrying', async () => {
    const port = await freePort()
    gw = await startTestGateway({ driver: createWhatsAppDriver, env: { WA_WS_URL: `ws://127.0.0.1:${port}/ws/chat` } })
    const { body: user } = await gw.request('POST', '/api/test/create-user')
    const created = await gw.request('POST', '/api/sessions', { key: user.apiKey, body: { name: 'Nowhere' } })
    expect(created.status).toBe(200)
    const session = await eventually(async () => {
      const { body } = await gw.request('GET', `/api/sessions/${created.body.sessionId}`, { key: user.apiKey })
      expect(body.statusReason).toBe(`cannot reach 127.0.0.1:${port} (ECONNREFUSED)`)
      return body
    })
    expect(session.status).toBe('CONNECTING')
    const warned = gw
      .logs()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string; detail?: string })
      .find((line) => line.msg.startsWith('cannot reach WhatsApp'))
    expect(warned).toMatchObject({ level: 40, detail: `cannot reach 127.0.0.1:${port} (ECONNREFUSED)` })
    // It goes on trying (with backoff), and recorded the reason once, not once per attempt.
    await eventually(() => expect(gw.logs().split('cannot reach WhatsApp').length).toBeGreaterThan(2))
    const updates = (await gw.gateway.store.readStream(`session-${created.body.sessionId}`)).filter((e) => (e.data as { reason?: string }).reason === 'unreachable')
    expect(updates).toHaveLength(1)
  }, 90_000)
})
