import { fileTypeFromBuffer } from 'file-type'
import { ValidationError } from '../../domain/errors.ts'
import type { MediaKind, MediaSource, OutboundContent, ResolvedContent, ResolvedMedia } from '../../domain/messages/outbound.ts'
import type { MediaResolver } from '../../domain/ports/media-resolver.ts'
import { fetchLimited } from '../net/fetch-limited.ts'
import { MEDIA_FETCH_TIMEOUT_MS, MEDIA_RULES } from './media-limits.ts'
import { toSticker } from './sticker.ts'

/**
 * Fetches the media of a send (through the outbound guard: no private network unless allowed, size
 * limit, timeout) and checks that the bytes are what the kind claims, by their content, not by what
 * the URL or the server says.
 */
export class GuardedMediaResolver implements MediaResolver {
  readonly #allowPrivate: boolean

  constructor(options: { allowPrivateNetworks: boolean }) {
    this.#allowPrivate = options.allowPrivateNetworks
  }

  async resolve(content: OutboundContent): Promise<ResolvedContent> {
    if (content.kind === 'status') {
      if (!content.media) return content
      return { ...content, resolved: await this.#media(content.media, content.mediaKind ?? 'image', undefined) }
    }
    if (!('media' in content)) return content as ResolvedContent
    const declared = content.kind === 'document' || content.kind === 'audio' ? content.mimetype : undefined
    const resolved = await this.#media(content.media, content.kind, declared)
    return { ...content, resolved } as ResolvedContent
  }

  async #media(source: MediaSource, kind: MediaKind, declaredMimetype: string | undefined): Promise<ResolvedMedia> {
    const rules = MEDIA_RULES[kind]
    let bytes: Buffer
    let fileName: string | null = null
    let served: string | null = null
    if ('url' in source) {
      const fetched = await fetchLimited(source.url, { maxBytes: rules.maxBytes, timeoutMs: MEDIA_FETCH_TIMEOUT_MS, allowPrivate: this.#allowPrivate })
      bytes = fetched.bytes
      fileName = fetched.fileName
      served = fetched.contentType?.split(';')[0]?.trim() ?? null
    } else {
      bytes = Buffer.from(source.data, 'base64')
      served = source.mimetype
      if (bytes.length > rules.maxBytes) throw new ValidationError(`${kind} is ${bytes.length} bytes; the limit is ${rules.maxBytes}`)
    }
    if (bytes.length === 0) throw new ValidationError(`the ${kind} is empty`)
    const sniffed = (await fileTypeFromBuffer(bytes))?.mime
    if (rules.mimetypes !== 'any') {
      const actual = normalize(sniffed)
      if (!actual || !rules.mimetypes.includes(actual)) {
        throw new ValidationError(`the ${kind} is ${actual ?? 'not a recognised media file'}; WhatsApp takes ${rules.mimetypes.join(', ')}`)
      }
      if (kind === 'sticker' && actual !== 'image/webp') return { bytes: await toSticker(bytes), mimetype: 'image/webp', fileName }
      return { bytes, mimetype: kind === 'audio' && declaredMimetype ? declaredMimetype : actual, fileName }
    }
    return { bytes, mimetype: declaredMimetype ?? sniffed ?? served ?? 'application/octet-stream', fileName }
  }
}

function normalize(mime: string | undefined): string | undefined {
  if (mime === 'video/x-m4v') return 'video/mp4'
  if (mime === 'audio/x-m4a' || mime === 'audio/m4a') return 'audio/mp4'
  return mime
}
