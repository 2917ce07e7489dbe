import { describe, expect, it } from 'vitest'
import { identityPair, isLidJid, isPhoneJid, userJid } from './jid-forms.ts'

describe('JID forms', () => {
  it('tells a LID from a phone-number JID, device parts aside', () => {
    expect(isLidJid('123456789012345@lid')).toBe(true)
    expect(isLidJid('123456789012345:3@lid')).toBe(true)
    expect(isLidJid('6287748687946@s.whatsapp.net')).toBe(false)
    expect(isPhoneJid('6287748687946:2@s.whatsapp.net')).toBe(true)
    expect(isPhoneJid('120363014587327510@g.us')).toBe(false)
    expect(isLidJid(null)).toBe(false)
  })

  it('drops the device part of user JIDs and leaves others alone', () => {
    expect(userJid('123:4@lid')).toBe('123@lid')
    expect(userJid('628:2@s.whatsapp.net')).toBe('628@s.whatsapp.net')
    expect(userJid('120363014587327510@g.us')).toBe('120363014587327510@g.us')
  })

  it('pairs one LID with one phone number, in either order, and nothing else', () => {
    const pair = { lid: '99@lid', pn: '628@s.whatsapp.net' }
    expect(identityPair('99:1@lid', '628@s.whatsapp.net')).toEqual(pair)
    expect(identityPair('628:3@s.whatsapp.net', '99@lid')).toEqual(pair)
    expect(identityPair('99@lid', '98@lid')).toBeNull()
    expect(identityPair('628@s.whatsapp.net', undefined)).toBeNull()
    expect(identityPair('120363@g.us', '99@lid')).toBeNull()
  })
})
