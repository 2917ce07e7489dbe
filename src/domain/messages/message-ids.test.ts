import { describe, expect, it } from 'vitest'
import { whatsAppMessageId } from './message-ids.ts'

describe('whatsAppMessageId', () => {
  // Pinned: these ids are already in stored message.sent events and in WhatsApp; they must never change.
  it('keeps the ids it gave before, for each kind of source', () => {
    expect(whatsAppMessageId({ kind: 'idempotency-key', sessionId: 'ab12cd', key: 'autoreply:0b6c1f5e-3d7a-4c2b-9e8f-1a2b3c4d5e6f' })).toBe('3EB05D1F825CB6F444419A')
    expect(whatsAppMessageId({ kind: 'schedule', scheduleId: 'cm4schedule0000000000000001' })).toBe('3EB06561C91616538447AD')
    expect(whatsAppMessageId({ kind: 'broadcast', broadcastId: 'cm4broadcast000000000000001', jid: '6287748687946@s.whatsapp.net' })).toBe('3EB0DD99D82332B78FC093')
  })

  it('is shaped like WhatsApp Web ids: 3EB0 and 18 upper-case hex digits', () => {
    expect(whatsAppMessageId({ kind: 'schedule', scheduleId: 'x' })).toMatch(/^3EB0[0-9A-F]{18}$/)
  })

  it('gives other sources other ids', () => {
    const a = whatsAppMessageId({ kind: 'broadcast', broadcastId: 'b1', jid: '628111@s.whatsapp.net' })
    expect(whatsAppMessageId({ kind: 'broadcast', broadcastId: 'b1', jid: '628222@s.whatsapp.net' })).not.toBe(a)
    expect(whatsAppMessageId({ kind: 'idempotency-key', sessionId: 's1', key: 'k' })).not.toBe(whatsAppMessageId({ kind: 'idempotency-key', sessionId: 's2', key: 'k' }))
  })
})
