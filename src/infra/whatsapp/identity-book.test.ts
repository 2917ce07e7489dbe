import { describe, expect, it } from 'vitest'
import { IdentityEventTypes } from '../../domain/contacts/identity-events.ts'
import { IdentityBook } from './identity-book.ts'

const lid = '123456789012345@lid'
const pn = '6287748687946@s.whatsapp.net'

describe('identity book', () => {
  it('makes a LID canonical as its phone number once the pair is learnt, and records the pair once', () => {
    const book = new IdentityBook()
    expect(book.canonical(`123456789012345:2@lid`)).toBe(lid)
    expect(book.alternate(lid)).toBeNull()
    book.learn(lid, pn)
    book.learn(pn, lid)
    expect(book.canonical(lid)).toBe(pn)
    expect(book.alternate(pn)).toBe(lid)
    expect(book.alternate(lid)).toBe(pn)
    expect(book.drain()).toEqual([{ type: IdentityEventTypes.mapped, data: { lid, pn } }])
    expect(book.drain()).toEqual([])
  })

  it('records a seeded pair the first time traffic uses it, not before', () => {
    const book = new IdentityBook()
    book.seed([{ lid, pn }])
    expect(book.drain()).toEqual([])
    expect(book.canonical(lid)).toBe(pn)
    expect(book.canonical(lid)).toBe(pn)
    expect(book.drain()).toEqual([{ type: IdentityEventTypes.mapped, data: { lid, pn } }])
  })

  it('leaves groups and broadcasts as they are and ignores pairs that are not one LID and one PN', () => {
    const book = new IdentityBook()
    book.learn('120363014587327510@g.us', lid)
    book.learn(lid, '99999@lid')
    expect(book.drain()).toEqual([])
    expect(book.canonical('120363014587327510@g.us')).toBe('120363014587327510@g.us')
    expect(book.canonical('status@broadcast')).toBe('status@broadcast')
    expect(book.alternate('120363014587327510@g.us')).toBeNull()
  })

  it('follows a LID that moves to another number', () => {
    const book = new IdentityBook()
    book.learn(lid, pn)
    book.learn(lid, '6281111111111@s.whatsapp.net')
    expect(book.canonical(lid)).toBe('6281111111111@s.whatsapp.net')
    expect(book.alternate(pn)).toBeNull()
    expect(book.drain()).toHaveLength(2)
  })
})
