import { describe, expect, it } from 'vitest'
import { SandboxError } from './errors.ts'
import { parseQr } from './pairing.ts'

const key = (byte: number) => Buffer.alloc(32, byte).toString('base64')

describe('parseQr', () => {
  it('reads the Baileys 7 QR (wa.me prefix, platform) and the 6.x form', () => {
    const qr7 = `https://wa.me/settings/linked_devices#2@abc,${key(1)},${key(2)},${key(3)},1`
    expect(parseQr(qr7)).toEqual({
      ref: '2@abc',
      noiseKey: Buffer.alloc(32, 1),
      identityKey: Buffer.alloc(32, 2),
      advSecret: Buffer.alloc(32, 3),
      platform: '1',
    })
    expect(parseQr(`2@abc,${key(1)},${key(2)},${key(3)}`).platform).toBeUndefined()
  })

  it('rejects strings that are not linking QRs with a 400', () => {
    for (const bad of ['', 'hello', `2@abc,${key(1)},${key(2)}`, `2@abc,short,${key(2)},${key(3)}`]) {
      expect(() => parseQr(bad)).toThrow(SandboxError)
      try {
        parseQr(bad)
      } catch (err) {
        expect((err as SandboxError).status).toBe(400)
      }
    }
  })
})
