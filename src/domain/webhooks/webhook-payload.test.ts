import { describe, expect, it } from 'vitest'
import { recordedAtOf, webhookBody, webhookPayload } from './webhook-payload.ts'

describe('recordedAtOf', () => {
  it("reads back the recording time of a body webhookBody wrote, whatever the data holds", () => {
    const occurredAt = new Date('2026-01-10T10:00:00.123Z')
    const data = { timestamp: 1, text: '"timestamp":"1999-01-01T00:00:00.000Z"', nested: { timestamp: 'x' } }
    const payload = webhookPayload({ type: 'message.received', streamId: 'messages-abc', occurredAt, data })!
    expect(recordedAtOf(webhookBody(payload))).toEqual(occurredAt)
  })

  it('answers null for a body of another shape', () => {
    expect(recordedAtOf('{"data":{},"timestamp":"2026-01-10T10:00:00.000Z"}')).toBeNull()
    expect(recordedAtOf('{"event":"x","sessionId":"y","timestamp":"not a date"}')).toBeNull()
    expect(recordedAtOf('')).toBeNull()
  })
})
