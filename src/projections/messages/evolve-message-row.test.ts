import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { evolveMessageRow, messageRowId, messageRowIdsOf, type MessageRow } from './evolve-message-row.ts'

let position = 0n
const event = (type: string, data: object): StoredEvent => ({
  id: `e${++position}`,
  type,
  streamId: 'messages-s1',
  revision: Number(position),
  position,
  occurredAt: new Date(1_700_000_000_000 + Number(position) * 1000),
  data,
  metadata: {},
})
const jid = '628111@s.whatsapp.net'
const sent = (status = 'PENDING') =>
  event('message.sent', { keyId: 'K1', remoteJid: jid, fromMe: true, senderJid: null, pushName: null, timestamp: 1_700_000_000, type: 'TEXT', text: 'hi', content: { conversation: 'hi' }, quotedKeyId: null, media: null, status, origin: 'gateway' })
const receipt = (status: string) => event('message.status', { keyId: 'K1', remoteJid: jid, status })
const mine = messageRowId('s1', jid, 'K1', true)

const fold = (events: StoredEvent[], id = mine) => events.reduce<MessageRow | undefined>((row, e) => evolveMessageRow(row, e, id), undefined)

describe('evolveMessageRow', () => {
  it('records a sent message and advances its status, never back', () => {
    const row = fold([sent(), receipt('DELIVERED'), receipt('SENT'), receipt('READ'), receipt('DELIVERED')])
    expect(row).toMatchObject({ id: mine, content: 'hi', raw: { conversation: 'hi' }, status: 'READ', complete: true, origin: 'gateway' })
  })

  it('keeps an early receipt and lets the message complete the row without losing the status', () => {
    const early = fold([receipt('READ')])
    expect(early).toMatchObject({ complete: false, status: 'READ', type: 'OTHER' })
    expect(evolveMessageRow(early, sent('SENT'), mine)).toMatchObject({ complete: true, status: 'READ', content: 'hi' })
  })

  it('ignores a second record of a complete message', () => {
    const row = fold([sent(), receipt('DELIVERED')])
    expect(evolveMessageRow(row, sent('PENDING'), mine)).toBe(row)
  })

  it('returns the same row for a status that does not advance', () => {
    const row = fold([sent('READ')])
    expect(evolveMessageRow(row, receipt('DELIVERED'), mine)).toBe(row)
  })

  it('adds, replaces and removes reactions per reactor; a reaction to an unknown message makes no row', () => {
    const react = (reaction: string, senderJid: string | null, fromMe = false) =>
      event('message.reaction', { keyId: 'K1', remoteJid: jid, reaction, fromMe, senderJid, timestamp: 1 })
    expect(fold([react('👍', null)])).toBeUndefined()
    const row = fold([sent(), react('👍', null), react('❤️', null, true), react('😂', null), react('', null, true)])
    expect(row?.reactions).toEqual({ [jid]: '😂' })
  })

  it('a reaction is about either party\'s message; a receipt only about this account\'s', () => {
    expect(messageRowIdsOf(event('message.reaction', { keyId: 'K1', remoteJid: jid }))).toEqual([mine, messageRowId('s1', jid, 'K1', false)])
    expect(messageRowIdsOf(receipt('READ'))).toEqual([mine])
  })

  it('marks a revoked message and keeps a downloaded media URL the message itself did not have', () => {
    const theirs = messageRowId('s1', jid, 'K2', false)
    const received = event('message.received', { keyId: 'K2', remoteJid: jid, fromMe: false, senderJid: null, pushName: 'Ana', timestamp: 1_700_000_001, type: 'IMAGE', text: null, content: {}, quotedKeyId: null, media: { mimetype: 'image/jpeg', fileName: null } })
    const media = event('message.media', { keyId: 'K2', remoteJid: jid, fromMe: false, url: '/api/media/x' })
    const revoked = event('message.revoked', { keyId: 'K2', remoteJid: jid, fromMe: false, revokedBy: jid })
    const row = fold([received, media, revoked], theirs)
    expect(row).toMatchObject({ media_url: '/api/media/x', push_name: 'Ana', type: 'IMAGE' })
    expect(row?.revoked_at).toEqual(revoked.occurredAt)
    expect(evolveMessageRow(undefined, media, theirs)).toBeUndefined()
  })

  it('takes an edit (the text and the message), a later edit winning over an earlier one that arrives after it', () => {
    const edit = (text: string, timestamp: number) =>
      event('message.edited', { keyId: 'K1', remoteJid: jid, fromMe: true, senderJid: null, text, content: { conversation: text }, editId: `E${timestamp}`, timestamp })
    const row = fold([sent(), edit('hi there', 1_700_000_100), edit('hi you', 1_700_000_050)])
    expect(row).toMatchObject({ content: 'hi there', raw: { conversation: 'hi there' }, edited_at: new Date(1_700_000_100_000) })
    expect(fold([edit('orphan', 1)])).toBeUndefined()
  })

  it("counts each voter's current choice on a poll; an empty choice takes the vote back", () => {
    const poll = event('message.sent', {
      keyId: 'K1', remoteJid: jid, fromMe: true, senderJid: null, pushName: null, timestamp: 1_700_000_000, type: 'POLL', text: 'Lunch?',
      content: {}, quotedKeyId: null, media: null, status: 'PENDING', origin: 'gateway', poll: { name: 'Lunch?', options: ['Soto', 'Sate'], selectableCount: 1 },
    })
    const vote = (voter: string, selectedOptions: string[]) =>
      event('poll.vote', { keyId: 'K1', remoteJid: jid, fromMe: true, voter, selectedOptions, voteId: `V${position}`, timestamp: 1 })
    const row = fold([poll, vote('a@s.whatsapp.net', ['Soto']), vote('b@s.whatsapp.net', ['Soto']), vote('a@s.whatsapp.net', ['Sate']), vote('b@s.whatsapp.net', [])])
    expect(row?.poll).toEqual({ name: 'Lunch?', options: ['Soto', 'Sate'], selectableCount: 1, votes: { 'a@s.whatsapp.net': ['Sate'] } })
    expect(row?.type).toBe('POLL')
  })
})
