import { START } from '@kurrent/kurrentdb-client'
import { describe, expect, it } from 'vitest'
import { alignedBound, encodePosition, PositionNotEncodableError, readFromAfter, recordAt } from './kurrentdb-position.ts'

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

  describe('a position from outside (a replay\'s fromPosition - 1), decoded defensively', () => {
    // Three events, records at log offsets 1000, 1187 and 2048, newest first as a backwards read gives them.
    const events = [2048n, 1187n, 1000n].map((offset) => encodePosition(at(offset), 'e'))
    const [third, second, first] = events as [bigint, bigint, bigint]

    it('keeps an event\'s own position, and the bound just before an event becomes the event before it', async () => {
      expect(await alignedBound(second, events)).toBe(second)
      expect(await alignedBound(second - 1n, events)).toBe(first) // 2L: "from this event on"
      expect(await alignedBound(first - 1n, events)).toBe(0n)
      expect(readFromAfter(await alignedBound(second - 1n, events))).toEqual(at(1000n))
    })

    it('turns numbers whose offset is no record, odd or even, into the last real event below them', async () => {
      // 2·1100 + 1 and 2·1100 claim a record at offset 1100, inside the first event's record; 1500 is inside the second's.
      const cases: Array<[bigint, bigint, bigint]> = [
        [2n * 1100n + 1n, first, 1000n],
        [2n * 1100n, first, 1000n],
        [2n * 1500n, second, 1187n],
        [2n * 1500n + 1n, second, 1187n],
      ]
      for (const [inside, expected, offset] of cases) {
        const bound = await alignedBound(inside, events)
        expect(bound, String(inside)).toBe(expected)
        expect(readFromAfter(bound)).toEqual(at(offset)) // a record boundary, never offset 1100 or 1500
      }
      // Below every event, or nothing at all: from the start. Past the head: the newest event.
      expect(await alignedBound(first - 2n, events)).toBe(0n)
      expect(await alignedBound(0n, events)).toBe(0n)
      expect(await alignedBound(-5n, events)).toBe(0n)
      expect(await alignedBound(2n * 9999n, [])).toBe(0n)
      expect(await alignedBound((1n << 63n) - 1n, events)).toBe(third)
    })

    it('reads the positions only as far as needed, from an async source too', async () => {
      const read: bigint[] = []
      async function* source() {
        for (const p of events) {
          read.push(p)
          yield p
        }
      }
      expect(await alignedBound(second + 10n, source())).toBe(second)
      expect(read).toEqual([third, second])
    })

    it('fails loudly on a source position this adapter never encodes (even)', async () => {
      await expect(alignedBound(5000n, [4000n])).rejects.toThrow(PositionNotEncodableError)
    })
  })
})
