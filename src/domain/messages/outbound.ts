/**
 * What a caller asks to send, as plain JSON (it may travel over the bus to the node that owns the
 * session). Media is named by URL (fetched on that node, through the outbound guard) or carried inline
 * as base64 when small and made by the gateway itself (stickers).
 */
export type MediaSource = { readonly url: string } | { readonly data: string; readonly mimetype: string }

export type OutboundContent =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly media: MediaSource; readonly caption?: string; readonly viewOnce?: boolean }
  | { readonly kind: 'video'; readonly media: MediaSource; readonly caption?: string; readonly gifPlayback?: boolean; readonly viewOnce?: boolean }
  | { readonly kind: 'audio'; readonly media: MediaSource; readonly ptt?: boolean; readonly mimetype?: string; readonly viewOnce?: boolean }
  | { readonly kind: 'document'; readonly media: MediaSource; readonly mimetype?: string; readonly fileName?: string; readonly caption?: string }
  | { readonly kind: 'sticker'; readonly media: MediaSource }
  | { readonly kind: 'location'; readonly latitude: number; readonly longitude: number; readonly name?: string; readonly address?: string }
  | { readonly kind: 'contacts'; readonly displayName?: string; readonly vcards: readonly string[] }
  /** A poll: `selectableCount` options may be chosen (0: any number). */
  | { readonly kind: 'poll'; readonly name: string; readonly values: readonly string[]; readonly selectableCount: number }
  | { readonly kind: 'reaction'; readonly keyId: string; readonly emoji: string; readonly fromMe?: boolean; readonly participant?: string }
  /** A story: status@broadcast, shown to `audience`. */
  | {
      readonly kind: 'status'
      readonly text?: string
      readonly media?: MediaSource
      readonly mediaKind?: 'image' | 'video'
      readonly backgroundColor?: string
      readonly font?: number
      readonly audience: readonly string[]
    }

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker'

export const MEDIA_KINDS: readonly MediaKind[] = ['image', 'video', 'audio', 'document', 'sticker']

/** Media bytes ready for WhatsApp: fetched, checked against the kind, with a mimetype. */
export interface ResolvedMedia {
  readonly bytes: Buffer
  readonly mimetype: string
  readonly fileName: string | null
}

/** Content whose media has been fetched and checked: what the driver sends. */
export type ResolvedContent =
  | Exclude<OutboundContent, { kind: MediaKind | 'status' }>
  | (Extract<OutboundContent, { kind: MediaKind }> & { readonly resolved: ResolvedMedia })
  | (Extract<OutboundContent, { kind: 'status' }> & { readonly resolved?: ResolvedMedia })

/** The message a send replies to, as recorded (the gateway looks it up; WhatsApp shows its content in the reply). */
export interface QuotedMessage {
  readonly keyId: string
  readonly fromMe: boolean
  readonly participant: string | null
  /** The quoted message itself (proto.Message as JSON). */
  readonly content: unknown
}

/** A send as it travels to the session's owner: plain JSON. */
export interface SendRequest {
  readonly jid: string
  readonly content: OutboundContent
  readonly quoted?: QuotedMessage
  /** The caller's Idempotency-Key: a retry with the same key returns the first result, sending nothing. */
  readonly idempotencyKey?: string
  /** WhatsApp's id for the message, chosen by the gateway (broadcasts: the same recipient, the same id). */
  readonly messageId?: string
}
