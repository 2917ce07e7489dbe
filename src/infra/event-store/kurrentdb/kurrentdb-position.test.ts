import { START } from '@kurrent/kurrentdb-client'
import { describe, expect, it } from 'vitest'
import { encodePosition, PositionNotEncodableError, readFromAfter, recordAt } from './kurrentdb-position.ts'

const at = (offset: bigint) => ({ commit: offset, prepare: offset })

describe('KurrentDB positions as one bigint', () => {
  it('encodes a self-committed record at log offset L as 2L + 1, keeping 0n for "before everything"', () => {
    expect(encodePosition(at(0n), 'e')).toBe(1n)
    expect(encodePosition(at(4096n), 'e')).toBe(8193n)
    expect(readFromAfter(0n)).toBe(START)
  })

  it("resumes at the event's own record both after its position and after its position minus one", () => {
    for (const offset of [0n, 1n, 4_194_304n, 123_456_789_012n, (1n << 62n) - 1n]) {
      const position = encodePosition(at(offset), 'e')
      expect(readFromAfter(position)).toEqual(at(offset)) // a checkpoint: readAll drops the event itself
      expect(readFromAfter(position - 1n)).toEqual(offset === 0n ? START : at(offset)) // a replay from it, inclusive
      expect(recordAt(position)).toEqual(at(offset))
    }
  })

  it('keeps $all order: the events of one multi-event append, and of later appends, encode strictly increasing', () => {
    // One append of three events: three self-committed records, back to back; then another append.
    const offsets = [1000n, 1187n, 1390n, 2048n]
    const encoded = offsets.map((o) => encodePosition(at(o), 'e'))
    expect([...encoded].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(encoded)
    // The bound just before an event lies above the one before it: nothing in between is skipped.
    for (let i = 1; i < encoded.length; i++) expect(encoded[i]! - 1n > encoded[i - 1]!).toBe(true)
  })

  it('fails loudly on what one number cannot address: a legacy explicit transaction (commit ≠ prepare)', () => {
    expect(() => encodePosition({ commit: 5000n, prepare: 4200n }, 'event x in s')).toThrow(PositionNotEncodableError)
    expect(() => encodePosition({ commit: 5000n, prepare: 4200n }, 'event x in s')).toThrow(/event x in s.*commit ≠ prepare.*legacy explicit transaction/)
  })

  it('fails loudly on a missing or out-of-range position, and on reading from what it never encoded', () => {
    expect(() => encodePosition(undefined, 'event y')).toThrow(/event y: KurrentDB reported no position/)
    expect(() => encodePosition(at(-1n), 'e')).toThrow(PositionNotEncodableError)
    expect(() => encodePosition(at(1n << 62n), 'e')).toThrow(/outside/)
    expect(() => recordAt(0n)).toThrow(PositionNotEncodableError)
    expect(() => recordAt(1n << 63n)).toThrow(PositionNotEncodableError)
  })
})
