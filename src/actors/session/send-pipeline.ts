import type { Logger } from 'pino'
import { createHash } from 'node:crypto'
import { ConflictError, DomainError, SendFailedError } from '../../domain/errors.ts'
import type { EventMetadata, NewEvent } from '../../domain/ports/event-store.ts'
import type { IdempotencyStore } from '../../domain/ports/idempotency-store.ts'
import type { MediaResolver } from '../../domain/ports/media-resolver.ts'
import type { Metrics } from '../../domain/ports/metrics.ts'
import type { DriverConnection } from '../../domain/ports/whatsapp-driver.ts'
import type { SendRequest } from '../../domain/messages/outbound.ts'
import type { ActionAnswer, WhatsAppAction } from '../../domain/actions/whatsapp-action.ts'
import { whatsAppMessageId } from '../../domain/messages/message-ids.ts'
import { OutboundQueue, type PacingPolicy } from './outbound-queue.ts'
import type { TrafficRecorder } from './traffic-recorder.ts'

/** What a send answers (and what an Idempotency-Key replays). */
export interface SendOutcome {
  readonly keyId: string
  readonly remoteJid: string
  readonly timestamp: number
  readonly position: string | null
}

export interface SendPipelineDeps {
  readonly media: MediaResolver
  readonly idempotency: IdempotencyStore
  readonly pacing?: PacingPolicy
  readonly metrics?: Pick<Metrics, 'outboundPaced'>
  readonly log: Logger
  /** Records what was sent, in order with the traffic about it. */
  readonly recorder: Pick<TrafficRecorder, 'recordSent'>
  /** The open connection; throws SessionNotConnectedError when the session is not connected. */
  readonly connected: () => DriverConnection
}

/** How long a sent message's record is retried (store away) before it is parked: the answer says sent either way. */
const SENT_RECORD_DEADLINE_MS = 10_000

/**
 * A session's way out to WhatsApp: every send (and group creation) goes through its outbound queue, in
 * order and paced, then what was sent is recorded. An Idempotency-Key makes a retry answer the first
 * result instead of sending again.
 */
export class SendPipeline {
  readonly #sessionId: string
  readonly #deps: SendPipelineDeps
  readonly #outbound: OutboundQueue

  constructor(sessionId: string, deps: SendPipelineDeps) {
    this.#sessionId = sessionId
    this.#deps = deps
    this.#outbound = new OutboundQueue(deps.pacing, undefined, deps.metrics)
  }

  /** Sends queued and not yet done. */
  get depth(): number {
    return this.#outbound.depth
  }

  /**
   * Sends through the session's outbound queue (in order, paced). Media starts downloading at once but
   * goes out in turn. With an Idempotency-Key, a retry answers the first result and sends nothing; the
   * WhatsApp message id comes from the key, so even a resend after a crash is a duplicate WhatsApp drops.
   */
  async send(request: SendRequest, cause: EventMetadata): Promise<SendOutcome> {
    this.#deps.connected()
    const key = request.idempotencyKey
    if (!key) return this.#send(request, request.messageId, cause)
    const { idempotency } = this.#deps
    const claim = await idempotency.claim(this.#sessionId, key, requestHash(request))
    if (claim.state === 'done') return claim.result as unknown as SendOutcome
    if (claim.state === 'mismatch') throw new ConflictError(`Idempotency-Key ${key} was used for a different request`)
    if (claim.state === 'in-flight') throw new ConflictError(`a request with Idempotency-Key ${key} is still being sent; retry in a moment`)
    let outcome: SendOutcome
    try {
      outcome = await this.#send(request, idempotentMessageId(this.#sessionId, key), cause)
    } catch (error) {
      await idempotency.release(this.#sessionId, key).catch(() => {})
      throw error
    }
    try {
      await idempotency.complete(this.#sessionId, key, { ...outcome })
    } catch (error) {
      // Sent: the claim stays in flight (a retry gets 409 until the store frees it, then its resend has the same WhatsApp id, which WhatsApp drops).
      this.#deps.log.error({ err: error, idempotencyKey: key, keyId: outcome.keyId }, 'sent, but could not store the Idempotency-Key result')
    }
    return outcome
  }

  /** Creates a WhatsApp group with this session's account as its owner. */
  async createGroup(subject: string, participants: readonly string[]): Promise<{ jid: string; subject: string }> {
    const connection = this.#deps.connected()
    try {
      return await this.#outbound.run(() => connection.createGroup(subject, participants))
    } catch (error) {
      if (error instanceof DomainError) throw error
      throw new SendFailedError((error as Error).message)
    }
  }

  /** An action on the account goes out in turn with the sends (paced alike: WhatsApp counts both). */
  async act(action: WhatsAppAction): Promise<ActionAnswer> {
    const connection = this.#deps.connected()
    try {
      return await this.#outbound.run(() => connection.act(action))
    } catch (error) {
      if (error instanceof DomainError || (error as { code?: string }).code === 'SESSION_NOT_CONNECTED') throw error
      throw new SendFailedError((error as Error).message)
    }
  }

  async #send(request: SendRequest, messageId: string | undefined, cause: EventMetadata): Promise<SendOutcome> {
    const resolving = this.#deps.media.resolve(request.content)
    resolving.catch(() => {}) // awaited in turn below; not an unhandled rejection meanwhile
    return this.#outbound.run(async () => {
      const content = await resolving
      const connection = this.#deps.connected()
      let sent
      try {
        sent = await connection.send({ jid: request.jid, content, quoted: request.quoted, messageId })
      } catch (error) {
        if (error instanceof DomainError || (error as { code?: string }).code === 'SESSION_NOT_CONNECTED') throw error
        throw new SendFailedError((error as Error).message)
      }
      // Sent media keeps the URL it came from, the seed's mediaUrl.
      const source = 'media' in request.content && request.content.media && 'url' in request.content.media ? request.content.media.url : null
      if (source) for (const event of sent.events) withMediaUrl(event, source)
      // It is sent: a record that fails is retried a while, then parked, and the answer still says sent.
      const appended = sent.events.length > 0 ? await this.#deps.recorder.recordSent(sent.events, cause, SENT_RECORD_DEADLINE_MS) : null
      return { keyId: sent.keyId, remoteJid: sent.remoteJid, timestamp: sent.timestamp, position: appended?.toString() ?? null }
    })
  }
}

function requestHash(request: SendRequest): string {
  return createHash('sha256').update(JSON.stringify([request.jid, request.content, request.quoted?.keyId ?? null])).digest('hex')
}

/** WhatsApp's message id for a send with an Idempotency-Key: the same key, the same message. */
export function idempotentMessageId(sessionId: string, key: string): string {
  return whatsAppMessageId({ kind: 'idempotency-key', sessionId, key })
}

function withMediaUrl(event: NewEvent, url: string): void {
  const data = event.data as { media?: { url?: string | null } | null }
  if (data?.media) (event as { data: unknown }).data = { ...data, media: { ...data.media, url } }
}
