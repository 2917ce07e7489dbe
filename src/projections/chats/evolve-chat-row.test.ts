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
})
