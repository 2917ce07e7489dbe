import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { autoReplyIdempotencyKey } from '../../domain/autoreply/reply-policy.ts'
import { ConflictError } from '../../domain/errors.ts'
import { MessageEventTypes } from '../../domain/messages/message-events.ts'
import type { Bus } from '../../domain/ports/bus.ts'
import type { EventMetadata } from '../../domain/ports/event-store.ts'
import type { HostedSession, SentMessage, SessionCommands } from '../../domain/ports/session-commands.ts'
import { sleep } from '../../domain/retry/sleep.ts'
import type { EventParking } from '../../consumers/parking/event-parking.ts'
import { PoisonGuard, reactorEvent } from '../../consumers/parking/poison-guard.ts'
import { storableText } from '../../domain/text/storable-text.ts'
import { messagesStreamId } from '../../domain/session/session-events.ts'
import type { ProjectionRunner } from '../../consumers/projection-runner.ts'
import { AUTOREPLIES_PROJECTION } from './autoreplies-projection.ts'
import { expireReplies } from './expire-replies.ts'
import { findPendingReply, listPendingReplies, sessionsWithPendingReplies, type PendingReply } from './pending-replies.ts'
import { pruneReplies } from './prune-replies.ts'
import { settleReply } from './settle-reply.ts'
import type { AutoRepliesTables } from './tables.ts'

export interface AutoReplySenderOptions {
  readonly db: Kysely<AutoRepliesTables>
  readonly sessions: SessionCommands
  readonly bus: Bus
  readonly projections: ProjectionRunner
  readonly logger: Logger
  /** How often to look for due replies without being woken (a safety net under the wake-ups). */
  readonly pollMs?: number
  readonly now?: () => Date
  /** Where a reply that fails for good goes, so that it does not hold the session's later replies. */
  readonly parking?: EventParking
}

export const AUTOREPLY_SENDER = 'autoreply-sender'

const BATCH = 100
/** Settled replies and cooldowns are kept this long, for inspection. */
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000
const PRUNE_EVERY_MS = 60 * 60 * 1000

/**
 * Sends the auto-replies the projection decided, for the sessions this node runs, through each
 * session's outbound queue (pacing) with an Idempotency-Key made from the triggering event's id. A crash
 * between the send and its record, or two nodes draining the same reply, ends in one WhatsApp message:
 * the key answers the first send's result, and its message id makes even a resend one WhatsApp drops.
 */
export class AutoReplySender {
  readonly #options: AutoReplySenderOptions
  readonly #draining = new Map<string, Promise<void>>()
  readonly #controller = new AbortController()
  #resume: () => void = () => {}
  /** A wake-up came while the loop was busy: it looks again at once instead of sleeping. */
  #woken = false
  #loop: Promise<void> | undefined
  #unsubscribe: () => void = () => {}
  #prunedAt = 0
  readonly #guard: PoisonGuard

  constructor(options: AutoReplySenderOptions) {
    this.#options = options
    this.#guard = new PoisonGuard({ consumer: AUTOREPLY_SENDER, parking: options.parking, logger: options.logger, signal: this.#controller.signal, retry: (eventId) => this.#retry(eventId) })
  }

  start(): void {
    // A received message may make a reply due: look once this node's projection has decided on it.
    this.#unsubscribe = this.#options.bus.onEvents((events) => {
      const received = events.filter((e) => e.type === MessageEventTypes.received)
      if (received.length === 0) return
      void this.#options.projections
        .waitFor(AUTOREPLIES_PROJECTION, received.at(-1)!.position, 10_000)
        .then(() => this.#wake())
        .catch(() => {})
    })
    this.#loop = this.#watch()
  }

  async stop(): Promise<void> {
    this.#unsubscribe()
    this.#controller.abort()
    this.#wake()
    await this.#loop
    await Promise.allSettled(this.#draining.values())
  }

  async #watch(): Promise<void> {
    const signal = this.#controller.signal
    while (!signal.aborted) {
      this.#woken = false
      try {
        await this.#startDrains()
        await this.#pruneNowAndThen()
      } catch (error) {
        this.#options.logger.error({ err: error }, 'could not look for auto-replies to send')
      }
      if (this.#woken) continue
      await new Promise<void>((resolve) => {
        this.#resume = resolve
        void sleep(this.#options.pollMs ?? 1000, signal).then(resolve)
      })
    }
  }

  #wake(): void {
    this.#woken = true
    this.#resume()
  }

  /** Expires what is too old, then drains each session with pending replies that runs here, side by side. */
  async #startDrains(): Promise<void> {
    const { db, sessions, logger } = this.#options
    const expired = await expireReplies(db, this.#now())
    if (expired > 0) logger.info({ expired }, 'auto-replies dropped: their messages are too old to answer now')
    for (const sessionId of await sessionsWithPendingReplies(db)) {
      if (this.#draining.has(sessionId) || !sessions.hosted(sessionId)) continue
      let progressed = false
      const drain = this.#drain(sessionId)
        .then((settled) => {
          progressed = settled > 0
        })
        .catch((error: unknown) => logger.error({ err: error, sessionId }, 'could not send auto-replies'))
        .finally(() => {
          this.#draining.delete(sessionId)
          if (progressed) this.#wake() // more may have been decided meanwhile; without progress, the next poll retries
        })
      this.#draining.set(sessionId, drain)
    }
  }

  /** One pass over a session's pending replies, in order; returns how many it settled. */
  async #drain(sessionId: string): Promise<number> {
    let settled = 0
    const pending = await listPendingReplies(this.#options.db, sessionId, BATCH)
    const skipped = pending.length > 0 ? await this.#guard.skipped() : new Set<string>()
    for (const reply of pending) {
      const session = this.#options.sessions.hosted(sessionId)
      if (this.#controller.signal.aborted || !session) break // stopping, or the session runs elsewhere now: that node sends
      if (skipped.has(reply.event_id)) continue
      let outcome: 'settled' | 'session-unavailable' | 'in-flight' | undefined
      const parked = () => reactorEvent(reply.event_id, MessageEventTypes.received, messagesStreamId(reply.session_id), reply.event_id)
      const ran = await this.#guard.run(reply.event_id, parked, async () => {
        outcome = await this.#send(session, reply)
      })
      if (ran === 'parked') continue // the later replies go on
      if (ran === 'failed') break // a transient failure: in order, at the next look
      if (outcome === 'session-unavailable') break // kept for when the session is back, until they expire
      if (outcome === 'settled') settled++
    }
    return settled
  }

  /**
   * An operator's retry of a parked reply: sent (or settled) now, here; its Idempotency-Key makes it
   * one WhatsApp message even where the first attempt sent it. Fails when its session cannot send from here now.
   */
  async #retry(eventId: string): Promise<void> {
    const reply = await findPendingReply(this.#options.db, eventId)
    if (!reply) return // settled meanwhile
    const session = this.#options.sessions.hosted(reply.session_id)
    const outcome = session ? await this.#send(session, reply) : 'session-unavailable'
    if (outcome === 'session-unavailable') throw new ConflictError(`auto-reply to ${eventId}: its session is not connected on this node; retry once it is`)
    if (outcome === 'in-flight') throw new ConflictError(`auto-reply to ${eventId} is being sent right now`)
  }

  async #send(session: HostedSession, reply: PendingReply): Promise<'settled' | 'session-unavailable' | 'in-flight'> {
    const { db, logger } = this.#options
    const log = { sessionId: reply.session_id, chat: reply.chat_jid, eventId: reply.event_id, ruleId: reply.rule_id }
    if (this.#now() >= reply.expires_at) {
      await settleReply(db, reply.event_id, { status: 'EXPIRED' }, this.#now())
      logger.info(log, 'auto-reply dropped: the message is too old to answer now')
      return 'settled'
    }
    if (session.status !== 'CONNECTED') return 'session-unavailable'
    const cause: EventMetadata = { actor: { kind: 'system', id: 'autoreply' }, correlationId: reply.rule_id, causationId: reply.event_id }
    let sent: SentMessage
    try {
      sent = await session.send({ jid: reply.chat_jid, content: { kind: 'text', text: reply.response }, idempotencyKey: autoReplyIdempotencyKey(reply.event_id) }, cause)
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (code === 'SESSION_NOT_CONNECTED' || code === 'SESSION_UNAVAILABLE') return 'session-unavailable'
      // Its Idempotency-Key is claimed by a send in flight (here, on another node, or cut short by a
      // crash: the store frees such a claim after a while); the next poll tries again.
      if (code === 'CONFLICT') return 'in-flight'
      await settleReply(db, reply.event_id, { status: 'FAILED', error: storableText((error as Error).message) }, this.#now())
      logger.warn({ ...log, err: error }, 'auto-reply failed')
      return 'settled'
    }
    // Should this record fail, the reply stays pending; sending it again answers this send's result.
    await settleReply(db, reply.event_id, { status: 'SENT', messageId: sent.keyId }, this.#now())
    logger.info({ ...log, messageId: sent.keyId }, 'auto-reply sent')
    return 'settled'
  }

  async #pruneNowAndThen(): Promise<void> {
    const now = this.#now()
    if (now.getTime() - this.#prunedAt < PRUNE_EVERY_MS) return
    this.#prunedAt = now.getTime()
    await pruneReplies(this.#options.db, new Date(now.getTime() - RETENTION_MS))
  }

  #now(): Date {
    return (this.#options.now ?? (() => new Date()))()
  }
}
