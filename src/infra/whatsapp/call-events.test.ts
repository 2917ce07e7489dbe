import { describe, expect, it } from 'vitest'
import { callReceivedEvent, isOffer } from './call-events.ts'
import { blocklistEvents } from './blocklist-events.ts'
import { IdentityBook } from './identity-book.ts'

const offer = { chatId: '900111@lid', from: '900111@lid', callerPn: '628111@s.whatsapp.net', id: 'CALL1', date: new Date('2026-01-10T10:00:00Z'), offline: false, status: 'offer' as const, isVideo: true, isGroup: false }

describe('call events', () => {
  it('records an offer under the caller’s number, learning the pair caller_pn names', () => {
    const book = new IdentityBook()
    const event = callReceivedEvent('s1', offer, book, true)
    expect(event).toMatchObject({
      type: 'call.received',
      data: { id: 'CALL1', from: '628111@s.whatsapp.net', fromAlt: '900111@lid', groupJid: null, isVideo: true, isGroup: false, status: 'offer', at: '2026-01-10T10:00:00.000Z', rejected: true },
    })
    expect(book.drain()).toEqual([{ type: 'identity.mapped', data: { lid: '900111@lid', pn: '628111@s.whatsapp.net' } }])
    // The same call is one event however often Baileys repeats it.
    expect(callReceivedEvent('s1', offer, book, true).id).toBe(event.id)
  })

  it('keeps a LID-only caller under the LID; only offers are news', () => {
    const { data } = callReceivedEvent('s1', { ...offer, callerPn: undefined, isVideo: undefined }, new IdentityBook(), false)
    expect(data).toMatchObject({ from: '900111@lid', fromAlt: null, isVideo: false, rejected: false })
    expect([offer, { ...offer, status: 'terminate' as const }, { ...offer, status: 'ringing' as const }].map(isOffer)).toEqual([true, false, false])
  })
})

describe('blocklist events', () => {
  it('names people canonically: the whole list, and each change', () => {
    const book = new IdentityBook()
    book.learn('900111@lid', '628111@s.whatsapp.net')
    expect(blocklistEvents({ 'blocklist.set': { blocklist: ['900111@lid', '628222@s.whatsapp.net', '628111@s.whatsapp.net'] } }, book)).toEqual([
      { type: 'contact.blocklist', data: { action: 'set', jids: ['628111@s.whatsapp.net', '628222@s.whatsapp.net'] } },
    ])
    expect(blocklistEvents({ 'blocklist.update': { blocklist: ['900111@lid'], type: 'add' } }, book)).toEqual([{ type: 'contact.blocklist', data: { action: 'block', jids: ['628111@s.whatsapp.net'] } }])
    expect(blocklistEvents({ 'blocklist.update': { blocklist: ['900333@lid'], type: 'remove' } }, book)).toEqual([{ type: 'contact.blocklist', data: { action: 'unblock', jids: ['900333@lid'] } }])
    expect(blocklistEvents({}, book)).toEqual([])
  })
})
