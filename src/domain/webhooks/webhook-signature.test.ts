import { createHmac, timingSafeEqual } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { webhookBody, webhookPayload } from './webhook-payload.ts'
import { signatureHeaders } from './webhook-signature.ts'

/** The seed's verification snippet, as written in seed-api.md. */
function verifyWebhook(body: unknown, signature: string, secret: string): boolean {
  const expected = 'sha256=' + createHmac('sha256', secret).update(JSON.stringify(body)).digest('hex')
  return signature === expected
}

/** What the README tells receivers to do with the timestamped signature. */
function verifyTimestamped(raw: string, headers: Record<string, string>, secret: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const timestamp = Number(headers['X-Webhook-Timestamp'])
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(`${headers['X-Webhook-Id']}.${timestamp}.${raw}`).digest('hex'))
  const sent = Buffer.from(headers['X-Webhook-Signature-V2'] ?? '')
  return expected.length === sent.length && timingSafeEqual(expected, sent)
}

const event = (data: unknown) => ({ type: 'message.received', streamId: 'messages-57xx1x', occurredAt: new Date('2026-01-10T10:30:00.000Z'), data })

describe('webhook signatures', () => {
  it("are accepted by the seed's snippet on the parsed body, whatever the data holds", () => {
    const tricky = [
      { keyId: '3EB0ABC', remoteJid: '6287748687946@s.whatsapp.net', fromMe: false, pushName: 'Adit', content: { conversation: 'Hello!' }, timestamp: 1736503800 },
      // Integer-like keys move to the front when parsed: the body must already have them there.
      { b: 1, 10: 'ten', 2: 'two', a: { 1: 'x', z: null } },
      { text: 'emoji 😀, quotes " and \\ backslash, control \u0001, line\nbreak, lone \ud800', n: [0.1, -0, 1e21, 5e-324, 123456789012345] },
      { nested: [{ deep: [{ deeper: true }] }], empty: {}, list: [] },
    ]
    for (const data of tricky) {
      const body = webhookBody(webhookPayload(event(data))!)
      const headers = signatureHeaders('optional_hmac_secret', { id: 'e1', body, timestamp: 1_736_503_800 })
      expect(verifyWebhook(JSON.parse(body), headers['X-Webhook-Signature']!, 'optional_hmac_secret')).toBe(true)
      expect(verifyWebhook(JSON.parse(body), headers['X-Webhook-Signature']!, 'another secret')).toBe(false)
    }
  })

  it('bind the body to the event id and the timestamp for replay protection', () => {
    const body = webhookBody(webhookPayload(event({ keyId: 'k' }))!)
    const headers = signatureHeaders('s3cret', { id: 'event-1', body, timestamp: 1000 })
    expect(verifyTimestamped(body, headers, 's3cret', 1010)).toBe(true)
    expect(verifyTimestamped(body, headers, 's3cret', 1000 + 301)).toBe(false)
    expect(verifyTimestamped(body, { ...headers, 'X-Webhook-Id': 'event-2' }, 's3cret', 1010)).toBe(false)
    expect(verifyTimestamped(body, { ...headers, 'X-Webhook-Timestamp': '1001' }, 's3cret', 1010)).toBe(false)
    expect(verifyTimestamped(body.replace('"k"', '"K"'), headers, 's3cret', 1010)).toBe(false)
  })

  it("shape the seed's payload: event, sessionId (the short id), ISO timestamp, data", () => {
    expect(webhookPayload(event({ keyId: 'k' }))).toEqual({ event: 'message.received', sessionId: '57xx1x', timestamp: '2026-01-10T10:30:00.000Z', data: { keyId: 'k' } })
    expect(webhookPayload({ ...event({}), type: 'connection.update', streamId: 'session-57xx1x' })?.sessionId).toBe('57xx1x')
    expect(webhookPayload({ ...event({}), streamId: 'user-u1' })).toBeNull()
  })
})
