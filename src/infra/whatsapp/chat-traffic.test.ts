import { describe, expect, it } from 'vitest'
import { chatDeleteEvents, chatUpdateEvents } from './chat-traffic.ts'
import { IdentityBook } from './identity-book.ts'

describe('chat traffic', () => {
  const pn = '628111@s.whatsapp.net'
  const lid = '123456789@lid'
  const book = () => {
    const b = new IdentityBook()
    b.learn(lid, pn)
    return b
  }

  it('records archive, pin, mute and read state canonically, with the other form', () => {
    const [event] = chatUpdateEvents([{ id: lid, archived: true, pinned: 1_764_000_000_000, muteEndTime: 1_800_000_000_000, unreadCount: 0 }], book())
    expect(event).toEqual({
      type: 'chat.update',
      data: {
        jid: pn,
        jidAlt: lid,
        archived: true,
        pinnedAt: new Date(1_764_000_000_000).toISOString(),
        mutedUntil: new Date(1_800_000_000_000).toISOString(),
        read: true,
        source: 'whatsapp',
      },
    })
    expect(chatUpdateEvents([{ id: pn, pinned: null, muteEndTime: null, unreadCount: -1 }], book())[0]!.data).toMatchObject({ pinnedAt: null, mutedUntil: null, read: false })
  })

  it('leaves out what the chats read model counts itself: new-message counts, timestamps', () => {
    expect(chatUpdateEvents([{ id: pn, unreadCount: 3, conversationTimestamp: 1_764_000_000 }], book())).toEqual([])
  })

  it('records a deleted chat', () => {
    expect(chatDeleteEvents([lid], book())).toEqual([{ type: 'chat.update', data: { jid: pn, jidAlt: lid, deleted: true, source: 'whatsapp' } }])
  })
})
