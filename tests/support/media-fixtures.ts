import { createServer, type Server } from 'node:http'
import sharp from 'sharp'

/** A silent MP3: valid MPEG-1 Layer III frames (128 kb/s, 44.1 kHz) with empty audio. */
export function silentMp3(frames = 40): Buffer {
  const frame = Buffer.alloc(417)
  frame.set([0xff, 0xfb, 0x90, 0x64])
  return Buffer.concat(Array.from({ length: frames }, () => frame))
}

/** An MP4 as far as anything sniffs it: a real ftyp box, then media data. */
export function tinyMp4(): Buffer {
  const ftyp = Buffer.from('000000206674797069736f6d0000020069736f6d69736f32617663316d703431', 'hex')
  const mdatBody = Buffer.alloc(2048, 7)
  const mdat = Buffer.alloc(8)
  mdat.writeUInt32BE(mdatBody.length + 8, 0)
  mdat.write('mdat', 4, 'ascii')
  return Buffer.concat([ftyp, mdat, mdatBody])
}

export function tinyPdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
}

export async function pictures() {
  return {
    jpg: await sharp({ create: { width: 320, height: 200, channels: 3, background: '#1e90ff' } }).jpeg().toBuffer(),
    png: await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 255, g: 80, b: 0, alpha: 0.8 } } }).png().toBuffer(),
  }
}

export interface MediaServer {
  readonly url: (name: string) => string
  readonly files: Readonly<Record<string, { bytes: Buffer; type: string }>>
  close(): Promise<void>
}

/** Serves fixed files on loopback: media for sends (tests allow private networks for it). */
export async function startMediaServer(files: Record<string, { bytes: Buffer; type: string }>): Promise<MediaServer> {
  const server: Server = createServer((req, res) => {
    const file = files[decodeURIComponent((req.url ?? '/').slice(1))]
    if (!file) {
      res.writeHead(404)
      res.end()
      return
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.bytes.length })
    res.end(file.bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  return { url: (name) => `${base}/${name}`, files, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
