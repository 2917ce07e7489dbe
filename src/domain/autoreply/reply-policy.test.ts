import { describe, expect, it } from 'vitest'
import type { MessageData } from '../messages/message-events.ts'
import { isCoolingDown, whyNotEligible } from './reply-policy.ts'

const now = new Date('2026-01-10T10:00:00Z')
const message = (overrides: Partial<MessageData> = {}): MessageData => ({
  keyId: 'K1',
  remoteJid: '6281234567890@s.whatsapp.net',
  fromMe: false,
  senderJid: null,
  pushName: 'Adit',
  timestamp: now.getTime() / 1000 - 5,
  type: 'TEXT',
  text: 'hello',
  content: { conversation: 'hello' },
  quotedKeyId: null,
  media: null,
  ...overrides,
})
const policy = { maxAgeMs: 60_000 }

describe('which received messages may trigger an auto-reply', () => {
  it('a fresh text in a one-to-one chat, by phone number or LID', () => {
    expect(whyNotEligible(message(), now, policy)).toBeNull()
    expect(whyNotEligible(message({ remoteJid: '123456789012345@lid' }), now, policy)).toBeNull()
    expect(whyNotEligible(message({ type: 'IMAGE', text: 'hello (a caption)' }), now, policy)).toBeNull()
  })

  it('never this account’s own messages', () => {
    expect(whyNotEligible(message({ fromMe: true }), now, policy)).toBe('from-me')
  })

  it('not groups, statuses, broadcast lists or channels', () => {
    for (const remoteJid of ['120363014587327510@g.us', 'status@broadcast', '1234567890@broadcast', '120363000000000000@newsletter']) {
      expect(whyNotEligible(message({ remoteJid }), now, policy)).toBe('not-one-to-one')
    }
    expect(whyNotEligible(message({ senderJid: '6289999999999@s.whatsapp.net' }), now, policy)).toBe('not-one-to-one')
  })

  it('not messages without text', () => {
    expect(whyNotEligible(message({ type: 'STICKER', text: null }), now, policy)).toBe('no-text')
    expect(whyNotEligible(message({ text: '   ' }), now, policy)).toBe('no-text')
  })

  it('not messages older than the max age (replayed after an absence)', () => {
    expect(whyNotEligible(message({ timestamp: now.getTime() / 1000 - 61 }), now, policy)).toBe('too-old')
    expect(whyNotEligible(message({ timestamp: now.getTime() / 1000 - 59 }), now, policy)).toBeNull()
  })
})

describe('the per-chat cooldown', () => {
  it('holds for its window after a reply, and for replies stamped later (clock skew between nodes)', () => {
    const replied = new Date('2026-01-10T10:00:00Z')
    expect(isCoolingDown(null, now, 30_000)).toBe(false)
    expect(isCoolingDown(replied, new Date(replied.getTime() + 29_999), 30_000)).toBe(true)
    expect(isCoolingDown(replied, new Date(replied.getTime() + 30_000), 30_000)).toBe(false)
    expect(isCoolingDown(replied, new Date(replied.getTime() - 1000), 30_000)).toBe(true)
  })
})
