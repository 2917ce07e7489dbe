import { describe, expect, it } from 'vitest'
import { NOISE_WA_HEADER } from '@whiskeysockets/baileys'
import { createFrameReader, encodeFrame } from './frames.ts'

describe('frames', () => {
  it('round-trips frames split across arbitrary chunks, after the intro header', () => {
    const bodies = [Buffer.from('hello'), Buffer.alloc(0), Buffer.alloc(70_000, 7)]
    const stream = Buffer.concat([NOISE_WA_HEADER, ...bodies.map(encodeFrame)])
    const reader = createFrameReader({ expectIntro: true })
    const out: Buffer[] = []
    for (let i = 0; i < stream.length; i += 1000) out.push(...reader.push(stream.subarray(i, i + 1000)))
    expect(out).toEqual(bodies)
    expect(reader.introHeader).toEqual(Buffer.from(NOISE_WA_HEADER))
  })

  it('skips an ED routing header before the WA header', () => {
    const routing = Buffer.from([1, 2, 3])
    const ed = Buffer.from([0x45, 0x44, 0, 1, 0, 0, routing.length])
    const reader = createFrameReader({ expectIntro: true })
    const frames = reader.push(Buffer.concat([ed, routing, NOISE_WA_HEADER, encodeFrame(Buffer.from('x'))]))
    expect(frames).toEqual([Buffer.from('x')])
    expect(reader.introHeader).toEqual(Buffer.from(NOISE_WA_HEADER))
  })

  it('rejects a stream that does not start with a WA header', () => {
    const reader = createFrameReader({ expectIntro: true })
    expect(() => reader.push(Buffer.from('GET / HTTP/1.1'))).toThrow(/bad intro/)
  })

  it('encodes a 3-byte big-endian length', () => {
    expect([...encodeFrame(Buffer.alloc(0x010203)).subarray(0, 3)]).toEqual([1, 2, 3])
  })
})
