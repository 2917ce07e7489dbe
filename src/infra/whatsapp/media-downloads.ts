import { downloadMediaMessage, type WAMessage, type WASocket } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'
import { stableId } from '../../domain/ids.ts'
import { MessageEventTypes, type MessageMediaData } from '../../domain/messages/message-events.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'
import type { MediaStore } from '../../domain/ports/media-store.ts'
import { mediaOf, unwrap } from './message-content.ts'
import { STATUS_JID } from '../../domain/messages/jid.ts'

/**
 * Downloads the media of arriving messages (decrypting WhatsApp's copy) into the media store, one at
 * a time, and records where it is. The message itself is recorded before: the file follows it.
 */
export interface MediaDownloadsOptions {
  readonly sessionId: string
  readonly store: MediaStore
  readonly maxBytes: number
  readonly socket: () => WASocket | null
  readonly logger: Logger
  readonly record: (events: NewEvent[]) => void
  /** The session's proxy for media (fetch's dispatcher), when it has one. */
  readonly dispatcher?: () => unknown
  /** The chat's canonical JID (the number when known): the record must find the message's row. */
  readonly canonical?: (jid: string) => string
}

export class MediaDownloads {
  readonly #options: MediaDownloadsOptions
  #chain: Promise<void> = Promise.resolve()
  #stopped = false

  constructor(options: MediaDownloadsOptions) {
    this.#options = options
  }

  #requestOptions() {
    const dispatcher = this.#options.dispatcher?.()
    return dispatcher ? { options: { dispatcher } as RequestInit } : {}
  }

  fetch(messages: readonly WAMessage[]): void {
    for (const message of messages) {
      const info = mediaOf(unwrap(message.message).inner)
      if (!info || message.key.remoteJid === STATUS_JID || !message.key.id) continue
      this.#chain = this.#chain.then(() => (this.#stopped ? undefined : this.#download(message, info.size)))
    }
  }

  /** The connection ended: downloads not started yet are left for a later connection's history. */
  stop(): void {
    this.#stopped = true
  }

  async #download(message: WAMessage, declaredSize: number | null): Promise<void> {
    const { sessionId, store, maxBytes, socket, logger, record } = this.#options
    const remoteJid = this.#options.canonical ? this.#options.canonical(message.key.remoteJid!) : message.key.remoteJid!
    const base = { keyId: message.key.id!, remoteJid, fromMe: Boolean(message.key.fromMe) }
    let data: MessageMediaData
    if (declaredSize !== null && declaredSize > maxBytes) {
      data = { ...base, url: null, error: `larger than the ${maxBytes}-byte limit` }
    } else {
      try {
        const sock = socket()
        const bytes = (await downloadMediaMessage(message, 'buffer', this.#requestOptions(), sock ? { reuploadRequest: sock.updateMediaMessage, logger: logger as never } : undefined)) as Buffer
        const info = mediaOf(unwrap(message.message).inner)
        const stored = await store.put(sessionId, bytes, info?.mimetype ?? 'application/octet-stream')
        data = { ...base, url: `/api/media/${sessionId}/${stored.name}`, size: stored.size, sha256: stored.sha256 }
      } catch (error) {
        logger.warn({ err: error, sessionId, keyId: base.keyId }, 'could not download media')
        data = { ...base, url: null, error: (error as Error).message }
      }
    }
    record([{ id: stableId(sessionId, MessageEventTypes.media, base.remoteJid, base.keyId), type: MessageEventTypes.media, data }])
  }
}
