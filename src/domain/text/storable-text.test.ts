import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasUnstorableText, REPLACEMENT_CHARACTER, storableText, storableValue } from './storable-text.ts'

describe('storable text', () => {
  it('replaces NUL and lone surrogates with U+FFFD and keeps valid pairs', () => {
    expect(storableText('hello\u0000world')).toBe(`hello${REPLACEMENT_CHARACTER}world`)
    expect(storableText('a\uD800b')).toBe(`a${REPLACEMENT_CHARACTER}b`)
    expect(storableText('a\uDC00b')).toBe(`a${REPLACEMENT_CHARACTER}b`)
    expect(storableText('\uDC00\uD800')).toBe(REPLACEMENT_CHARACTER.repeat(2))
    expect(storableText('end\uD83D')).toBe(`end${REPLACEMENT_CHARACTER}`)
    expect(storableText('emoji 😀 ok, RTL \u202Eabc')).toBe('emoji 😀 ok, RTL \u202Eabc')
    expect(hasUnstorableText('😀')).toBe(false)
    expect(hasUnstorableText('\u0000')).toBe(true)
  })

  it('keeps the length (one replacement per bad code unit) and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('\u0000', '\uD800', '\uDC00', 'a', '😀') }), (a, b) => {
        const text = a + b
        const once = storableText(text)
        expect(once.length).toBe(text.length)
        expect(storableText(once)).toBe(once)
        expect(hasUnstorableText(once)).toBe(false)
        // What JSON.stringify makes of it is accepted by a strict UTF-8 round trip.
        expect(Buffer.from(once, 'utf8').toString('utf8')).toBe(once)
      }),
    )
  })

  it('cleans every string of a JSON value, keys included, and returns the same object when clean', () => {
    const clean = { a: 'x', b: [1, 'y', { c: null }] }
    expect(storableValue(clean)).toBe(clean)
    const dirty = { text: 'a\u0000', nested: [{ name: '\uD800' }], 'k\u0000': 1, n: 3, buf: Buffer.from('\u0000') }
    const cleaned = storableValue(dirty)
    expect(cleaned).toEqual({ text: `a${REPLACEMENT_CHARACTER}`, nested: [{ name: REPLACEMENT_CHARACTER }], [`k${REPLACEMENT_CHARACTER}`]: 1, n: 3, buf: dirty.buf })
    expect(dirty.text).toBe('a\u0000') // the input is not changed
  })
})
