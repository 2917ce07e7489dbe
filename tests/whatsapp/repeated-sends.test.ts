import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

describe('repeated sends (the seed\'s /api/messages/spam) under PRODUCT.md\'s policy', () => {
  let off: WhatsAppWorld
  beforeAll(async () => {
    off = await startWhatsAppWorld()
  })
  afterAll(() => off?.close())

  it('is off unless the operator enables it: 403 with what to do', async () => {
    const { sessionId } = await pairNewSession(off, 'Off')
    const response = await off.gateway.request('POST', '/api/messages/spam', {
      key: off.key,
      body: { sessionId, jid: '6287748687946@s.whatsapp.net', message: 'Spam message content', count: 10, delay: 500 },
    })
    expect(response.status).toBe(403)
    expect(response.body.error).toMatch(/REPEATED_SENDS_ENABLED=true/)
  })

  it('when enabled: answers as the seed, caps the count, paces at the minimum delay, and is audited', async () => {
    const on = await startWhatsAppWorld({ sandbox: off.sandbox, gateway: { env: { REPEATED_SENDS_ENABLED: 'true', REPEATED_SENDS_MAX_COUNT: '3', REPEATED_SENDS_MIN_DELAY_MS: '200' } } })
    try {
      const { sessionId, phone } = await pairNewSession(on, 'On')
      const target = on.sandbox.api.createContact()
      const tooMany = await on.gateway.request('POST', '/api/messages/spam', { key: on.key, body: { sessionId, jid: target.jid, message: 'x', count: 4 } })
      expect([tooMany.status, tooMany.body.error]).toEqual([400, 'count may be at most 3 on this gateway'])
      const since = on.sandbox.api.cursor()
      const response = await on.gateway.request('POST', '/api/messages/spam', { key: on.key, body: { sessionId, jid: target.jid, message: 'Again', count: 3, delay: 10 } })
      expect(response.body).toMatchObject({ success: true, message: 'Bombing 3 messages started', delayMs: 200 })
      const sent = await eventually(() => {
        const records = on.sandbox.api.listSent({ phone: phone.pn, to: target.jid, since })
        expect(records).toHaveLength(3)
        return records
      })
      const gaps = sent.slice(1).map((r, i) => r.timestamp - sent[i]!.timestamp)
      expect(gaps.every((gap) => gap >= 0)).toBe(true)
      const audit = await eventually(async () => {
        const entries = (await on.gateway.request('GET', `/api/audit?sessionId=${sessionId}`, { key: on.key })).body as Array<{ type: string; actor: unknown; data: any }>
        const finished = entries.find((e) => e.type === 'repeated-send.finished')
        expect(finished?.data).toEqual({ sessionId, sent: 3, failed: 0 })
        return entries
      })
      expect(audit.find((e) => e.type === 'repeated-send.started')).toMatchObject({ actor: { kind: 'api-key' }, data: { jid: target.jid, count: 3, delayMs: 200 } })
    } finally {
      await on.gateway.close()
    }
  })
})
