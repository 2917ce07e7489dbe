import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { MediaStore } from '../../domain/ports/media-store.ts'

const NAME = /^[0-9a-f]{64}\.[a-z0-9]{1,8}$/
const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'application/pdf': 'pdf',
}

/** Media files under DATA_DIR/media/<session>/<sha256>.<ext>: content-addressed, written atomically. */
export class FileMediaStore implements MediaStore {
  readonly #root: string
  constructor(dataDir: string) {
    this.#root = path.join(dataDir, 'media')
  }

  async put(sessionId: string, bytes: Buffer, mimetype: string) {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const name = `${sha256}.${EXTENSIONS[mimetype.split(';')[0]!.trim()] ?? 'bin'}`
    const dir = path.join(this.#root, safe(sessionId))
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const file = path.join(dir, name)
    await writeFile(`${file}.part`, bytes, { mode: 0o600 })
    await writeFile(`${file}.type`, mimetype, { mode: 0o600 })
    await rename(`${file}.part`, file)
    return { name, size: bytes.length, sha256 }
  }

  async get(sessionId: string, name: string) {
    if (!NAME.test(name)) return null
    const file = path.join(this.#root, safe(sessionId), name)
    try {
      const [bytes, mimetype] = await Promise.all([readFile(file), readFile(`${file}.type`, 'utf8').catch(() => 'application/octet-stream')])
      return { bytes, mimetype }
    } catch {
      return null
    }
  }
}

function safe(sessionId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(sessionId)) throw new Error(`not a session id: ${sessionId}`)
  return sessionId
}
