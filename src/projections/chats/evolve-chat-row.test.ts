import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { chatKey, chatKeysOf, evolveChatRow, type ChatRow } from './evolve-chat-row.ts'

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
const message = (text: string, timestamp: number, extra: object = {}) =>
  event('message.received', { keyId: text, remoteJid: jid, fromMe: false, senderJid: null, pushName: 'Ana', timestamp, type: 'TEXT', text, content: {}, quotedKeyId: null, media: null, ...extra })
const key = chatKey('s1', jid)
const fold = (events: StoredEvent[], k = key) => events.reduce<ChatRow | undefined>((row, e) => evolveChatRow(row, e, k), undefined)

describe('evolveChatRow', () => {
  it('keeps the newest message as the last one, whatever order they arrive in', () => {
    const row = fold([message('second', 200), message('first', 100)])
    expect(row?.last_message).toMatchObject({ content: 'second', fromMe: false })
    expect(row?.last_message_at).toEqual(new Date(200_000))
    expect(row?.notify).toBe('Ana')
  })

  it('applies contact changes field by field: an absent field stays, a null clears', () => {
    const update = (data: object) => event('contact.update', { jid, ...data })
    const row = fold([update({ name: 'Ana B', imgUrl: 'https://pic' }), update({ notify: 'Annie' }), update({ imgUrl: null })])
    expect(row).toMatchObject({ name: 'Ana B', notify: 'Annie', profile_pic: null, is_group: false, last_message: null })
  })

  it('names groups by subject and skips status updates and unshown messages', () => {
    const group = '1203@g.us'
    expect(fold([event('group.update', { jid: group, subject: 'Team' })], chatKey('s1', group))).toMatchObject({ is_group: true, name: 'Team' })
    expect(chatKeysOf(message('x', 1, { remoteJid: 'status@broadcast' }))).toEqual([])
    expect(chatKeysOf(message('x', 1, { type: 'OTHER' }))).toEqual([])
    expect(chatKeysOf(message('x', 1))).toEqual([key])
  })
  it('counts received messages as unread until read; writing in the chat or a read clears it, a reaction does not count', () => {
    const chat = (data: object) => event('chat.update', { jid, source: 'whatsapp', ...data })
    const sent = (text: string, timestamp: number) => message(text, timestamp, { fromMe: true })
    expect(fold([message('a', 1), message('b', 2), message('r', 3, { type: 'REACTION' })])).toMatchObject({ unread_count: 2, marked_unread: false })
    expect(fold([message('a', 1), message('b', 2), chat({ read: true })])).toMatchObject({ unread_count: 0 })
    expect(fold([message('a', 1), chat({ read: true }), chat({ read: false })])).toMatchObject({ unread_count: 0, marked_unread: true })
    expect(fold([message('a', 1), chat({ read: false }), sent('reply', 2)])).toMatchObject({ unread_count: 0, marked_unread: false })
    // An older message arriving late (another device, history) still counts.
    expect(fold([message('b', 2), message('a', 1)])).toMatchObject({ unread_count: 2 })
  })

  it('keeps archived, pinned and muted field by field; a deleted chat loses its conversation, not its contact', () => {
    const chat = (data: object) => event('chat.update', { jid, source: 'api', ...data })
    expect(chatKeysOf(chat({ archived: true }))).toEqual([key])
    const row = fold([
      event('contact.update', { jid, name: 'Ana' }),
      message('a', 1),
      chat({ archived: true }),
      chat({ pinnedAt: '2026-12-01T10:00:00.000Z' }),
      chat({ mutedUntil: '2027-01-01T00:00:00.000Z' }),
    ])
    expect(row).toMatchObject({ archived: true, pinned_at: new Date('2026-12-01T10:00:00.000Z'), muted_until: new Date('2027-01-01T00:00:00.000Z'), unread_count: 1 })
    expect(evolveChatRow(row, chat({ pinnedAt: null, mutedUntil: null }), key)).toMatchObject({ archived: true, pinned_at: null, muted_until: null })
    expect(evolveChatRow(row, chat({ deleted: true }), key)).toMatchObject({
      name: 'Ana',
      last_message: null,
      last_message_at: null,
      archived: false,
      pinned_at: null,
      unread_count: 0,
      muted_until: new Date('2027-01-01T00:00:00.000Z'),
      cleared_position: position,
    })
  })
})
