import { describe, expect, it } from 'vitest'
import { IdentityBook } from './identity-book.ts'
import { participantsEvent } from './traffic-events.ts'

describe('group.participants from Baileys', () => {
  const group = '120363000000000001@g.us'
  const me = { pn: '628100@s.whatsapp.net', lid: '900100@lid' }
  const ana = { pn: '628111@s.whatsapp.net', lid: '900111@lid' }

  it('names each member canonically with the other form, and the author', () => {
    const book = new IdentityBook()
    const event = participantsEvent(
      { id: group, author: me.lid, authorPn: me.pn, action: 'add', participants: [{ id: ana.lid, phoneNumber: ana.pn }] },
      book,
      [me.pn, me.lid],
    )
    expect(event).toEqual({ type: 'group.participants', data: { jid: group, action: 'add', participants: [{ jid: ana.pn, jidAlt: ana.lid }], author: me.pn } })
  })

  it('keeps a member WhatsApp names only by LID under the LID', () => {
    const event = participantsEvent({ id: group, author: me.lid, action: 'promote', participants: [{ id: ana.lid }] }, new IdentityBook(), [me.pn])
    expect(event.data).toMatchObject({ participants: [{ jid: ana.lid, jidAlt: null }], author: me.lid })
  })

  it('says when the account itself was removed (or left), in either form', () => {
    const book = new IdentityBook()
    book.learn(me.lid, me.pn)
    const removed = participantsEvent({ id: group, author: ana.lid, action: 'remove', participants: [{ id: me.lid }] }, book, [me.pn, me.lid])
    expect(removed.data).toMatchObject({ action: 'remove', participants: [{ jid: me.pn, jidAlt: me.lid }], left: true })
    const other = participantsEvent({ id: group, author: me.lid, action: 'remove', participants: [{ id: ana.lid, phoneNumber: ana.pn }] }, book, [me.pn, me.lid])
    expect(other.data).not.toHaveProperty('left')
  })
})
