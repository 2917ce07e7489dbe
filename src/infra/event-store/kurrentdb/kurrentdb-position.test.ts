import { START } from '@kurrent/kurrentdb-client'
import { describe, expect, it } from 'vitest'
import { decodePosition, encodePosition, PositionNotEncodableError, readFromAfter } from './kurrentdb-position.ts'

const at = (offset: bigint) => ({ commit: offset, prepare: offset })

describe('KurrentDB positions as one bigint', () => {
  it('encodes a self-committed record by its log offset, keeping 0n for "before everything"', () => {
    expect(encodePosition(at(0n), 'e')).toBe(1n)
    expect(encodePosition(at(4096n), 'e')).toBe(4097n)
    expect(readFromAfter(0n)).toBe(START)
  })

  it('resumes exactly where an encoded position points: decode(encode(p)) is p', () => {
    for (const offset of [0n, 1n, 4_194_304n, 123_456_789_012n, (1n << 63n) - 2n]) {
      expect(decodePosition(encodePosition(at(offset), 'e'))).toEqual(at(offset))
      expect(readFromAfter(encodePosition(at(offset), 'e'))).toEqual(at(offset))
    }
  })

  it('keeps $all order: the events of one multi-event append, and of later appends, encode strictly increasing', () => {
    // One append of three events: three self-committed records, back to back; then another append.
    const offsets = [1000n, 1187n, 1390n, 2048n]
    const encoded = offsets.map((o) => encodePosition(at(o), 'e'))
    expect([...encoded].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(encoded)
    expect(new Set(encoded).size).toBe(encoded.length)
  })

  it('fails loudly on what one number cannot address: a legacy explicit transaction (commit ≠ prepare)', () => {
    expect(() => encodePosition({ commit: 5000n, prepare: 4200n }, 'event x in s')).toThrow(PositionNotEncodableError)
    expect(() => encodePosition({ commit: 5000n, prepare: 4200n }, 'event x in s')).toThrow(/event x in s.*commit ≠ prepare.*legacy explicit transaction/)
  })

  it('fails loudly on a missing or out-of-range position, and on decoding what it never encoded', () => {
    expect(() => encodePosition(undefined, 'event y')).toThrow(/event y: KurrentDB reported no position/)
    expect(() => encodePosition(at(-1n), 'e')).toThrow(PositionNotEncodableError)
    expect(() => encodePosition(at((1n << 63n) - 1n), 'e')).toThrow(/outside/)
    expect(() => decodePosition(0n)).toThrow(PositionNotEncodableError)
    expect(() => decodePosition(1n << 63n)).toThrow(PositionNotEncodableError)
  })
})
