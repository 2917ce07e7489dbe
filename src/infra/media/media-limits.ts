import type { MediaKind } from '../../domain/messages/outbound.ts'

/** What WhatsApp takes for each kind of media: the size ceiling and the types it plays. */
export const MEDIA_RULES: Readonly<Record<MediaKind, { maxBytes: number; mimetypes: readonly string[] | 'any' }>> = {
  image: { maxBytes: 16 * 1024 * 1024, mimetypes: ['image/jpeg', 'image/png', 'image/webp'] },
  video: { maxBytes: 64 * 1024 * 1024, mimetypes: ['video/mp4', 'video/3gpp', 'video/quicktime'] },
  audio: { maxBytes: 16 * 1024 * 1024, mimetypes: ['audio/ogg', 'audio/opus', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr', 'audio/x-m4a'] },
  document: { maxBytes: 100 * 1024 * 1024, mimetypes: 'any' },
  // Static stickers are WebP; PNG and JPEG are converted on the way.
  sticker: { maxBytes: 10 * 1024 * 1024, mimetypes: ['image/webp', 'image/png', 'image/jpeg'] },
}

export const MEDIA_FETCH_TIMEOUT_MS = 30_000
