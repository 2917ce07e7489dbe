import { describe, expect, it } from 'vitest'
import { messageRowId, type MessageRow } from './evolve-message-row.ts'
import { mergeMessageRows } from './merge-message-rows.ts'

const pn = '628@s.whatsapp.net'
const lid = '99@lid'
const row = (remoteJid: string, extra: Partial<MessageRow> = {}): MessageRow => ({
  id: messageRowId('s1', remoteJid, 'K1', true),
  session_id: 's1',
  remote_jid: remoteJid,
  key_id: 'K1',
  from_me: true,
  sender_jid: null,
  push_name: null,
  type: 'TEXT',
  content: 'hello',
  raw: { conversation: 'hello' },
  media: null,
  media_url: null,
  status: 'SENT',
  timestamp: new Date('2026-12-01T10:00:00Z'),
  quote_id: null,
  reactions: {},
  revoked_at: null,
  edited_at: null,
  poll: null,
  origin: 'gateway',
  complete: true,
  position: 10n,
  ...extra,
})

describe('moving a message from a LID chat to the phone-number chat', () => {
  it('gives it the row id of the number’s chat', () => {
    const moved = mergeMessageRows(row(lid), undefined, pn)
    expect(moved).toMatchObject({ id: messageRowId('s1', pn, 'K1', true), remote_jid: pn, content: 'hello' })
  })

  it('makes one row of a message kept under both forms: the complete content, the further status, all reactions', () => {
    const receiptOnly = row(pn, { content: null, raw: null, complete: false, status: 'READ', reactions: { '628@s.whatsapp.net': '👍' }, position: 12n })
    const merged = mergeMessageRows(row(lid, { reactions: { '77@s.whatsapp.net': '❤️' } }), receiptOnly, pn)
    expect(merged).toMatchObject({ id: messageRowId('s1', pn, 'K1', true), remote_jid: pn, content: 'hello', complete: true, status: 'READ', position: 10n })
    expect(merged.reactions).toEqual({ '628@s.whatsapp.net': '👍', '77@s.whatsapp.net': '❤️' })
  })
})
