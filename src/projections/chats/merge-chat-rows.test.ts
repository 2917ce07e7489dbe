import { describe, expect, it } from 'vitest'
import type { ChatRow } from './evolve-chat-row.ts'
import { mergeChatRows } from './merge-chat-rows.ts'

const row = (jid: string, at: string | null, extra: Partial<ChatRow> = {}): ChatRow => ({
  session_id: 's1',
  jid,
  is_group: false,
  name: null,
  notify: null,
  profile_pic: null,
  last_message: at ? { content: `at ${at}`, timestamp: at, type: 'TEXT', fromMe: false } : null,
  last_message_at: at ? new Date(at) : null,
  last_position: at ? BigInt(new Date(at).getTime()) : null,
  archived: false,
  pinned_at: null,
  muted_until: null,
  unread_count: 0,
  marked_unread: false,
  cleared_position: null,
  updated_at: new Date(at ?? '2026-01-01T00:00:00Z'),
  ...extra,
})

describe('merging a LID chat into the phone-number chat', () => {
  const pn = '628@s.whatsapp.net'

  it('renames the LID chat when the number has none', () => {
    const merged = mergeChatRows(row('99@lid', '2026-12-01T10:00:00Z', { notify: 'Adit' }), undefined, pn)
    expect(merged).toMatchObject({ jid: pn, notify: 'Adit', last_message: { content: 'at 2026-12-01T10:00:00Z' } })
  })

  it('keeps the newer last message and what either row knows, the number’s first', () => {
    const lidRow = row('99@lid', '2026-12-01T11:00:00Z', { notify: 'Adit (LID)', profile_pic: 'https://pic' })
    const pnRow = row(pn, '2026-12-01T10:00:00Z', { name: 'Adit Saved', notify: 'Adit' })
    const merged = mergeChatRows(lidRow, pnRow, pn)
    expect(merged).toMatchObject({ jid: pn, name: 'Adit Saved', notify: 'Adit', profile_pic: 'https://pic' })
    expect(merged.last_message?.content).toBe('at 2026-12-01T11:00:00Z')
    expect(mergeChatRows(row('99@lid', '2026-12-01T09:00:00Z'), pnRow, pn).last_message?.content).toBe('at 2026-12-01T10:00:00Z')
  })
  it('adds both rows’ unread messages and keeps either row’s archive, pin, mute and unread mark', () => {
    const lidRow = row('99@lid', '2026-12-01T11:00:00Z', { unread_count: 2, archived: true, marked_unread: true })
    const pnRow = row(pn, '2026-12-01T10:00:00Z', { unread_count: 1, pinned_at: new Date('2026-12-01T09:00:00Z') })
    expect(mergeChatRows(lidRow, pnRow, pn)).toMatchObject({ unread_count: 3, archived: true, marked_unread: true, pinned_at: new Date('2026-12-01T09:00:00Z'), muted_until: null })
  })
})
