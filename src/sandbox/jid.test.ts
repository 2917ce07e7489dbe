import { describe, expect, it } from 'vitest'
import { lidJid, parseUserJid, pnJid } from './jid.ts'

describe('jid helpers', () => {
  it('encodes PN and LID JIDs with and without a device', () => {
    expect(pnJid('15550001111')).toBe('15550001111@s.whatsapp.net')
    expect(pnJid('15550001111', 3)).toBe('15550001111:3@s.whatsapp.net')
    expect(lidJid('123456789', 0)).toBe('123456789@lid')
    expect(lidJid('123456789', 2)).toBe('123456789:2@lid')
  })

  it('parses digits, +digits, PN and LID JIDs, and nothing else', () => {
    expect(parseUserJid('15550001111')).toEqual({ user: '15550001111', server: 'pn', device: 0 })
    expect(parseUserJid('+15550001111')).toEqual({ user: '15550001111', server: 'pn', device: 0 })
    expect(parseUserJid('15550001111:4@s.whatsapp.net')).toEqual({ user: '15550001111', server: 'pn', device: 4 })
    expect(parseUserJid('987@lid')).toEqual({ user: '987', server: 'lid', device: 0 })
    expect(parseUserJid('123@g.us')).toBeUndefined()
    expect(parseUserJid('not a jid')).toBeUndefined()
  })
})
