/**
 * Media: WhatsApp's encrypted-media service. Clients fetch upload credentials with the `w:m`
 * `media_conn` query, POST the encrypted file to `https://<host>/mms/<type>/<encSha256>?auth=...`
 * and put the returned `url`/`direct_path` in the message; recipients GET it and decrypt it with the
 * message's `mediaKey`. The sandbox stores the encrypted blobs and, for virtual users, does both
 * ends of the encryption itself (AES-256-CBC + HMAC-SHA256 truncated to 10 bytes, keys from HKDF).
 *
 * Baileys only speaks https to media hosts: the sandbox serves TLS on its port with the bundled
 * self-signed certificate (`tls/sandbox-cert.pem`), which clients must trust (see trust.ts).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { getMediaKeys, normalizeMessageContent } from '@whiskeysockets/baileys'
import type { MediaType, proto } from '@whiskeysockets/baileys'
import type Koa from 'koa'
import type { IqHandler } from './core.ts'
import { badRequest, notFound } from './errors.ts'
import { firstChild, IQ_BAD_REQUEST } from './iq.ts'
import type { SandboxStore } from './store.ts'

/** Where blobs are served from: `direct_path` values look like WhatsApp's `/v/t62...` paths. */
export const MEDIA_DOWNLOAD_PREFIX = '/v/t62.sandbox/'
/** Upload paths (Baileys' MEDIA_PATH_MAP values). */
const UPLOAD_PATH = /^\/(mms|product|pps)\/[\w-]+\/([\w-]+=*)$/
const MAC_LENGTH = 10
const MEDIA_CONN_TTL_S = 3600
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024
const BLOB_ID = /^[A-Za-z0-9_-]{16,64}$/

export type EncryptedMedia = {
  mediaKey: Buffer
  /** What is uploaded: AES-256-CBC ciphertext followed by the 10-byte MAC. */
  body: Buffer
  fileSha256: Buffer
  fileEncSha256: Buffer
  fileLength: number
}

export async function encryptMedia(plaintext: Uint8Array, type: MediaType): Promise<EncryptedMedia> {
  const mediaKey = randomBytes(32)
  const { iv, cipherKey, macKey } = await getMediaKeys(mediaKey, type)
  const cipher = createCipheriv('aes-256-cbc', cipherKey, iv)
  const encrypted = Buffer.concat([cipher.update(plaintext), cipher.final()])
  const mac = createHmac('sha256', macKey!).update(iv).update(encrypted).digest().subarray(0, MAC_LENGTH)
  const body = Buffer.concat([encrypted, mac])
  return {
    mediaKey,
    body,
    fileSha256: createHash('sha256').update(plaintext).digest(),
    fileEncSha256: createHash('sha256').update(body).digest(),
    fileLength: plaintext.length,
  }
}

export async function decryptMedia(body: Uint8Array, mediaKey: Uint8Array, type: MediaType): Promise<Buffer> {
  if (body.length < MAC_LENGTH + 16) throw new Error('media too short')
  const { iv, cipherKey, macKey } = await getMediaKeys(Buffer.from(mediaKey), type)
  const encrypted = body.subarray(0, body.length - MAC_LENGTH)
  const mac = createHmac('sha256', macKey!).update(iv).update(encrypted).digest().subarray(0, MAC_LENGTH)
  if (!timingSafeEqual(mac, body.subarray(body.length - MAC_LENGTH))) throw new Error('media MAC mismatch')
  const decipher = createDecipheriv('aes-256-cbc', cipherKey, iv)
  return Buffer.concat([decipher.update(encrypted), decipher.final()])
}

type MediaFields = { url?: string | null; directPath?: string | null; mediaKey?: Uint8Array | null; mimetype?: string | null }

/** The media fields of a message and the key-derivation type they use. */
export function mediaOf(wrapped: proto.IMessage): { content: MediaFields; type: MediaType } | undefined {
  // documents with a caption, view-once and ephemeral messages wrap the media message
  const message = normalizeMessageContent(wrapped)
  if (!message) return undefined
  if (message.imageMessage) return { content: message.imageMessage, type: 'image' }
  if (message.videoMessage) return { content: message.videoMessage, type: 'video' }
  if (message.audioMessage) return { content: message.audioMessage, type: 'audio' }
  if (message.documentMessage) return { content: message.documentMessage, type: 'document' }
  if (message.stickerMessage) return { content: message.stickerMessage, type: 'sticker' }
  return undefined
}

export type MediaService = {
  /** The `media_conn` host clients upload to and download from (`host:port`). */
  readonly host: string
  /** Stores an encrypted blob; returns its download URL and direct path. */
  put(body: Uint8Array): { url: string; directPath: string }
  /** The encrypted blob behind a direct path or URL. */
  get(pathOrUrl: string): Buffer | undefined
  iqHandler: IqHandler
  /** Koa middleware serving uploads and downloads (outside /admin). */
  middleware: Koa.Middleware
}

export function createMediaService(store: SandboxStore, options: { host: () => string; authToken?: string }): MediaService {
  const authToken = options.authToken ?? randomBytes(24).toString('base64url')
  const blobKey = (id: string) => `media/${id}.enc`

  const put = (body: Uint8Array) => {
    const id = randomBytes(18).toString('base64url')
    store.writeBlob(blobKey(id), body)
    const directPath = `${MEDIA_DOWNLOAD_PREFIX}${id}?ccb=11-4&mms3=true`
    return { url: `https://${options.host()}${directPath}`, directPath }
  }
  const get = (pathOrUrl: string) => {
    const path = pathOrUrl.startsWith('https://') ? new URL(pathOrUrl).pathname : pathOrUrl.split('?')[0]!
    if (!path.startsWith(MEDIA_DOWNLOAD_PREFIX)) return undefined
    const id = path.slice(MEDIA_DOWNLOAD_PREFIX.length)
    return BLOB_ID.test(id) ? store.readBlob(blobKey(id)) : undefined
  }

  const readBody = async (ctx: Koa.Context) => {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length
      if (size > MAX_UPLOAD_BYTES) throw badRequest('media too large')
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks)
  }

  return {
    get host() {
      return options.host()
    },
    put,
    get,
    iqHandler: ({ node }) => {
      if (firstChild(node)?.tag !== 'media_conn') throw IQ_BAD_REQUEST()
      return [
        {
          tag: 'media_conn',
          attrs: { auth: authToken, ttl: String(MEDIA_CONN_TTL_S), auth_ttl: String(MEDIA_CONN_TTL_S), max_buckets: '1' },
          content: [{ tag: 'host', attrs: { hostname: options.host(), maxContentLengthBytes: String(MAX_UPLOAD_BYTES) } }],
        },
      ]
    },
    async middleware(ctx, next) {
      const upload = ctx.method === 'POST' ? UPLOAD_PATH.exec(ctx.path) : null
      if (upload) {
        if (ctx.query.auth !== authToken) {
          ctx.status = 401
          ctx.body = { error: 'bad media auth token' }
          return
        }
        const body = await readBody(ctx)
        const expected = upload[2]!.replace(/-/g, '+').replace(/_/g, '/')
        const actual = createHash('sha256').update(body).digest('base64').replace(/=+$/, '')
        if (expected.replace(/=+$/, '') !== actual) throw badRequest('body does not match its encrypted SHA-256')
        const { url, directPath } = put(body)
        ctx.body = { url, direct_path: directPath, handle: null, ts: Math.floor(Date.now() / 1000) }
        return
      }
      if (ctx.method === 'GET' && ctx.path.startsWith(MEDIA_DOWNLOAD_PREFIX)) {
        const blob = get(ctx.path)
        if (!blob) throw notFound('no such media')
        const range = /^bytes=(\d+)-(\d*)$/.exec(ctx.get('range'))
        ctx.type = 'application/octet-stream'
        if (range) {
          const start = Number(range[1])
          const end = range[2] ? Math.min(Number(range[2]), blob.length - 1) : blob.length - 1
          ctx.status = 206
          ctx.set('Content-Range', `bytes ${start}-${end}/${blob.length}`)
          ctx.body = blob.subarray(start, end + 1)
        } else {
          ctx.body = blob
        }
        return
      }
      await next()
    },
  }
}
