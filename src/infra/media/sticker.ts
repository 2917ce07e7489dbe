import sharp from 'sharp'
import type { StickerMaker, StickerPackInfo } from '../../domain/ports/sticker-maker.ts'

/** WhatsApp shows static stickers of 512×512 up to 100 KB. */
export const STICKER_SIZE = 512
export const STICKER_MAX_BYTES = 100 * 1024

export interface StickerPack {
  readonly packId?: string
  readonly packName?: string
  readonly publisher?: string
  readonly emojis?: readonly string[]
}

/**
 * Any image sharp reads (PNG, JPEG, WebP, …) as a WhatsApp sticker: 512×512 WebP, the picture fitted
 * inside on a transparent background, quality lowered until it fits 100 KB, with the sticker-pack
 * metadata WhatsApp reads from the EXIF chunk.
 */
export async function toSticker(input: Buffer, pack: StickerPack = {}): Promise<Buffer> {
  const canvas = sharp(input, { animated: false }).rotate().resize(STICKER_SIZE, STICKER_SIZE, {
    fit: 'contain',
    background: { r: 0, g: 0, b: 0, alpha: 0 },
  })
  let webp: Buffer | undefined
  for (const quality of [90, 75, 60, 45, 30, 20]) {
    webp = await canvas.clone().webp({ quality, effort: 4 }).toBuffer()
    if (webp.length <= STICKER_MAX_BYTES - 1024) break
  }
  return withStickerMetadata(webp!, pack)
}

/** WhatsApp's sticker metadata: a JSON object in an EXIF IFD entry tagged 0x5741, in the WebP's EXIF chunk. */
export function withStickerMetadata(webp: Buffer, pack: StickerPack): Buffer {
  const json = Buffer.from(
    JSON.stringify({
      'sticker-pack-id': pack.packId ?? 'wa-gateway',
      'sticker-pack-name': pack.packName ?? 'wa-gateway',
      'sticker-pack-publisher': pack.publisher ?? 'wa-gateway',
      emojis: pack.emojis ?? [],
    }),
    'utf8',
  )
  // Little-endian TIFF header, one IFD with one UNDEFINED entry pointing at the JSON right after it.
  const ifd = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x41, 0x57, 0x07, 0x00, 0, 0, 0, 0, 0x16, 0x00, 0x00, 0x00])
  ifd.writeUInt32LE(json.length, 14)
  return setWebpExif(webp, Buffer.concat([ifd, json]))
}

/** Puts an EXIF chunk into a WebP (converting a simple VP8/VP8L file to the extended VP8X layout). */
function setWebpExif(webp: Buffer, exif: Buffer): Buffer {
  if (webp.toString('ascii', 0, 4) !== 'RIFF' || webp.toString('ascii', 8, 12) !== 'WEBP') throw new Error('not a WebP file')
  const chunks: Array<{ fourcc: string; data: Buffer }> = []
  for (let offset = 12; offset + 8 <= webp.length; ) {
    const fourcc = webp.toString('ascii', offset, offset + 4)
    const size = webp.readUInt32LE(offset + 4)
    chunks.push({ fourcc, data: webp.subarray(offset + 8, offset + 8 + size) })
    offset += 8 + size + (size % 2)
  }
  const { width, height } = dimensions(chunks)
  let vp8x = chunks.find((c) => c.fourcc === 'VP8X')
  if (!vp8x) {
    const data = Buffer.alloc(10)
    data.writeUIntLE(width - 1, 4, 3)
    data.writeUIntLE(height - 1, 7, 3)
    vp8x = { fourcc: 'VP8X', data }
    chunks.unshift(vp8x)
  }
  vp8x.data = Buffer.from(vp8x.data)
  vp8x.data[0] = vp8x.data[0]! | 0x08 // EXIF present
  if (chunks.some((c) => c.fourcc === 'ALPH') || hasAlpha(chunks)) vp8x.data[0] = vp8x.data[0]! | 0x10
  const kept = chunks.filter((c) => c.fourcc !== 'EXIF')
  kept.push({ fourcc: 'EXIF', data: exif })
  const body = Buffer.concat(
    kept.map((c) => {
      const header = Buffer.alloc(8)
      header.write(c.fourcc, 0, 'ascii')
      header.writeUInt32LE(c.data.length, 4)
      return Buffer.concat([header, c.data, c.data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)])
    }),
  )
  const riff = Buffer.alloc(12)
  riff.write('RIFF', 0, 'ascii')
  riff.writeUInt32LE(body.length + 4, 4)
  riff.write('WEBP', 8, 'ascii')
  return Buffer.concat([riff, body])
}

function dimensions(chunks: Array<{ fourcc: string; data: Buffer }>): { width: number; height: number } {
  const vp8x = chunks.find((c) => c.fourcc === 'VP8X')
  if (vp8x) return { width: vp8x.data.readUIntLE(4, 3) + 1, height: vp8x.data.readUIntLE(7, 3) + 1 }
  const lossless = chunks.find((c) => c.fourcc === 'VP8L')
  if (lossless) {
    const bits = lossless.data.readUInt32LE(1)
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 }
  }
  const lossy = chunks.find((c) => c.fourcc === 'VP8 ')
  if (lossy) return { width: lossy.data.readUInt16LE(6) & 0x3fff, height: lossy.data.readUInt16LE(8) & 0x3fff }
  throw new Error('WebP without an image chunk')
}

function hasAlpha(chunks: Array<{ fourcc: string; data: Buffer }>): boolean {
  const lossless = chunks.find((c) => c.fourcc === 'VP8L')
  return lossless ? ((lossless.data.readUInt32LE(1) >> 28) & 1) === 1 : false
}

/** The sticker maker port, by sharp. */
export const sharpStickerMaker: StickerMaker = {
  make: (image: Buffer, pack: StickerPackInfo = {}) => toSticker(image, pack),
}
