import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { STICKER_MAX_BYTES, toSticker } from './sticker.ts'

const stickerJson = (webp: Buffer) => {
  const at = webp.indexOf('EXIF')
  expect(at).toBeGreaterThan(0)
  const exif = webp.subarray(at + 8, at + 8 + webp.readUInt32LE(at + 4))
  expect(exif.readUInt16LE(10)).toBe(0x5741)
  return JSON.parse(exif.subarray(22, 22 + exif.readUInt32LE(14)).toString('utf8'))
}

describe('toSticker', () => {
  it('makes a 512×512 WebP under 100 KB with sticker-pack metadata, from PNG, JPEG and WebP', async () => {
    const sources = {
      png: await sharp({ create: { width: 800, height: 300, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer(),
      jpg: await sharp({ create: { width: 300, height: 900, channels: 3, background: '#1e90ff' } }).jpeg().toBuffer(),
      webp: await sharp({ create: { width: 512, height: 512, channels: 4, background: '#00ff00' } }).webp().toBuffer(),
    }
    for (const [kind, input] of Object.entries(sources)) {
      const sticker = await toSticker(input, { packName: 'Shop', publisher: 'Team', emojis: ['🙂'] })
      const meta = await sharp(sticker).metadata()
      expect([kind, meta.format, meta.width, meta.height]).toEqual([kind, 'webp', 512, 512])
      expect(sticker.length).toBeLessThanOrEqual(STICKER_MAX_BYTES)
      expect(stickerJson(sticker)).toMatchObject({ 'sticker-pack-name': 'Shop', 'sticker-pack-publisher': 'Team', emojis: ['🙂'] })
    }
  })

  it('squeezes a noisy photo under the size limit', async () => {
    const noise = Buffer.from(Array.from({ length: 1024 * 1024 * 3 }, () => Math.floor(Math.random() * 256)))
    const photo = await sharp(noise, { raw: { width: 1024, height: 1024, channels: 3 } }).png().toBuffer()
    const sticker = await toSticker(photo)
    expect(sticker.length).toBeLessThanOrEqual(STICKER_MAX_BYTES)
    expect((await sharp(sticker).metadata()).width).toBe(512)
  })

  it('refuses what is not an image', async () => {
    await expect(toSticker(Buffer.from('%PDF-1.4 not a picture'))).rejects.toThrow()
  })
})
