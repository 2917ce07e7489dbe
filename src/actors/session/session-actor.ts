import { createActor, type Actor } from 'xstate'
import type { Logger } from 'pino'
import { DomainError, SendFailedError, SessionNotConnectedError } from '../../domain/errors.ts'
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type NewEvent,
} from '../../domain/ports/event-store.ts'
import type { ConnectOptions, DriverConnection, WhatsAppDriver } from '../../domain/ports/whatsapp-driver.ts'
import type { IdempotencyStore } from '../../domain/ports/idempotency-store.ts'
import type { MediaResolver } from '../../domain/ports/media-resolver.ts'
import type { Metrics } from '../../domain/ports/metrics.ts'
import type { SendRequest } from '../../domain/messages/outbound.ts'
import { ConflictError } from '../../domain/errors.ts'
import { OutboundQueue, type PacingPolicy } from './outbound-queue.ts'
import { createHash, randomUUID } from 'node:crypto'
import { isTransientError } from '../../domain/retry/transient-error.ts'
import { decideDelete, decideUpdateSettings } from '../../domain/session/session-decide.ts'
import type { SessionConfig } from '../../domain/session/session-config.ts'
import {
  asSessionEvents,
  messagesStreamId,
  SessionEventTypes,
  sessionStreamId,
  type ConnectionUpdate,
  type SessionEvent,
} from '../../domain/session/session-events.ts'
import { evolveSession, foldSession, type SessionState } from '../../domain/session/session-state.ts'
import { SerialQueue } from '../serial-queue.ts'
import { backoffDelay, type BackoffPolicy } from '../../domain/retry/backoff.ts'
import { sleep } from '../../domain/retry/sleep.ts'
import { sessionMachine, statusOf, type SessionMachineEvent, type SessionSnapshot } from './session-machine.ts'

export interface SessionActorDeps {
  readonly store: EventStore
  readonly driver: WhatsAppDriver
  readonly logger: Logger
  readonly nodeId: string
  readonly backoff?: BackoffPolicy
  readonly media: MediaResolver
  readonly idempotency: IdempotencyStore
  readonly pacing?: PacingPolicy
  readonly metrics?: Pick<Metrics, 'outboundPaced'>
  /** Where WhatsApp traffic that cannot be stored goes, so that it never holds the session up. */
  readonly parking?: TrafficParking
}

/** What the actor needs of the event parking (projections/parking). */
export interface TrafficParking {
  park(consumer: string, event: NewEvent & { readonly id: string; readonly streamId: string }, error: unknown): Promise<unknown>
}

/** The consumer name of a session's recorder in parked_events. */
export const WHATSAPP_RECORDER = 'whatsapp-recorder'

/** What a send answers (and what an Idempotency-Key replays). */
export interface SendOutcome {
  readonly keyId: string
  readonly remoteJid: string
  readonly timestamp: number
  readonly position: string | null
}

/** What every command answers: where its last event landed, for read-your-writes. */
export interface CommandResult {
  readonly position: string | null
}

const MAX_CONFLICT_RETRIES = 5
const TRAFFIC_RETRY = { baseMs: 200, maxMs: 30_000 }
/** How long a sent message's record is retried (store away) before it is parked: the answer says sent either way. */
const SENT_RECORD_DEADLINE_MS = 10_000
/** How long a shutdown waits for the session's writes in flight. */
const SHUTDOWN_DEADLINE_MS = 5_000

/**
 * One WhatsApp session: its XState machine, its WhatsApp connection, and the only writer of its
 * session stream. Every write goes through one queue, in order, with the expected revision; the
 * state is the fold of the stream, so a restarted process rebuilds the same actor from its events.
 */
export class SessionActor {
  readonly sessionId: string
  readonly #deps: SessionActorDeps
  readonly #log: Logger
  readonly #writes = new SerialQueue()
  /** WhatsApp traffic is recorded in arrival order, apart from the lifecycle writes. */
  readonly #traffic = new SerialQueue()
  readonly #outbound: OutboundQueue
  #state: SessionState
  #actor: Actor<typeof sessionMachine> | undefined
  #connection: DriverConnection | null = null
  #recorded: { status: string; qr: string | null; pairingCode: string | null; detail: string | null }
  #lastPosition: bigint | null = null
  /** Who caused the next machine transition, for its event's metadata. */
  #cause: EventMetadata = {}
  /** Aborted at shutdown: retries of writes give up, so a shutdown never waits on a store that is away. */
  readonly #closing = new AbortController()

  static async load(sessionId: string, deps: SessionActorDeps): Promise<SessionActor> {
    const events = await deps.store.readStream(sessionStreamId(sessionId))
    return new SessionActor(sessionId, foldSession(asSessionEvents(events)), deps)
  }

  private constructor(sessionId: string, state: SessionState, deps: SessionActorDeps) {
    this.sessionId = sessionId
    this.#deps = deps
    this.#state = state
    this.#log = deps.logger.child({ sessionId })
    this.#recorded = { status: state.status, qr: state.qr, pairingCode: null, detail: null }
    this.#outbound = new OutboundQueue(deps.pacing, undefined, deps.metrics)
  }

  get state(): SessionState {
    return this.#state
  }

  /** Sends queued and not yet done (GET /metrics). */
  get outboundDepth(): number {
    return this.#outbound.depth
  }

  get status() {
    return this.#actor ? statusOf(this.#actor.getSnapshot()) : 'DISCONNECTED'
  }

  /** Brings the machine up; reconnects when the session wanted to run before the restart. */
  async activate(cause: EventMetadata = { actor: { kind: 'system', id: 'restore' } }): Promise<CommandResult> {
    if (this.#actor || !this.#state.exists || this.#state.deleted) return this.#result()
    const actor = createActor(sessionMachine, {
      input: {
        sessionId: this.sessionId,
        driver: this.#deps.driver,
        backoff: this.#deps.backoff,
        onConnection: (connection) => (this.#connection = connection),
        // Recorded or parked: either way the gateway has it, and WhatsApp may be told it arrived.
        onTraffic: (traffic) => void this.#traffic.run(() => this.#recordTraffic(traffic.events)).then((kept) => kept && traffic.onRecorded?.()),
        settings: () => ({ readReceipts: this.#state.config.readReceipts, ghostMode: this.#state.config.ghostMode }),
      },
    })
    this.#actor = actor
    actor.subscribe({
      next: (snapshot) => this.#onSnapshot(snapshot),
      error: (error) => this.#log.error({ err: error }, 'session machine failed'),
    })
    actor.start()
    if (this.#state.desired === 'running') this.#transition({ type: 'START' }, cause)
    await this.#writes.idle()
    return this.#result()
  }

  start(cause: EventMetadata, connectOptions?: ConnectOptions): Promise<CommandResult> {
    return this.#command({ type: 'START', connectOptions }, cause)
  }

  stop(cause: EventMetadata): Promise<CommandResult> {
    return this.#command({ type: 'STOP' }, cause)
  }

  restart(cause: EventMetadata): Promise<CommandResult> {
    return this.#command({ type: 'RESTART' }, cause)
  }

  logout(cause: EventMetadata): Promise<CommandResult> {
    return this.#command({ type: 'LOGOUT' }, cause)
  }

  async updateSettings(patch: Partial<SessionConfig>, cause: EventMetadata): Promise<CommandResult & { config: SessionConfig }> {
    await this.#writes.run(() => this.#decideAndAppend((state) => decideUpdateSettings(state, patch), cause))
    this.#connection?.configure({ readReceipts: this.#state.config.readReceipts, ghostMode: this.#state.config.ghostMode })
    return { ...this.#result(), config: this.#state.config }
  }

  /** Stops the socket, forgets the credentials and records the deletion. The registry then drops the actor. */
  async delete(cause: EventMetadata): Promise<CommandResult> {
    decideDelete(this.#state)
    if (this.#actor) this.#transition({ type: 'STOP', reason: 'deleted' }, cause)
    await this.#writes.run(() => this.#decideAndAppend(decideDelete, cause))
    this.#actor?.stop()
    this.#actor = undefined
    await this.#deps.driver.removeCredentials(this.sessionId)
    return this.#result()
  }

  /**
   * Sends through the session's outbound queue (in order, paced). Media starts downloading at once but
   * goes out in turn. With an Idempotency-Key, a retry answers the first result and sends nothing; the
   * WhatsApp message id comes from the key, so even a resend after a crash is a duplicate WhatsApp drops.
   */
  async send(request: SendRequest, cause: EventMetadata): Promise<SendOutcome> {
    this.#assertConnected()
    const key = request.idempotencyKey
    if (!key) return this.#send(request, request.messageId, cause)
    const claim = await this.#deps.idempotency.claim(this.sessionId, key, requestHash(request))
    if (claim.state === 'done') return claim.result as unknown as SendOutcome
    if (claim.state === 'mismatch') throw new ConflictError(`Idempotency-Key ${key} was used for a different request`)
    if (claim.state === 'in-flight') throw new ConflictError(`a request with Idempotency-Key ${key} is still being sent; retry in a moment`)
    let outcome: SendOutcome
    try {
      outcome = await this.#send(request, idempotentMessageId(this.sessionId, key), cause)
    } catch (error) {
      await this.#deps.idempotency.release(this.sessionId, key).catch(() => {})
      throw error
    }
    try {
      await this.#deps.idempotency.complete(this.sessionId, key, { ...outcome })
    } catch (error) {
      // Sent: the claim stays in flight (a retry gets 409 until the store frees it, then its resend has the same WhatsApp id, which WhatsApp drops).
      this.#log.error({ err: error, idempotencyKey: key, keyId: outcome.keyId }, 'sent, but could not store the Idempotency-Key result')
    }
    return outcome
  }

  async #send(request: SendRequest, messageId: string | undefined, cause: EventMetadata): Promise<SendOutcome> {
    const resolving = this.#deps.media.resolve(request.content)
    resolving.catch(() => {}) // awaited in turn below; not an unhandled rejection meanwhile
    return this.#outbound.run(async () => {
      const content = await resolving
      const connection = this.#assertConnected()
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
      // Through the traffic queue, so the sent message is recorded in order with the receipts about it.
      // It is sent: a record that fails is retried a while, then parked, and the answer still says sent.
      const appended = sent.events.length > 0 ? await this.#traffic.run(() => this.#record(messagesStreamId(this.sessionId), sent.events, cause, Date.now() + SENT_RECORD_DEADLINE_MS)) : null
      return { keyId: sent.keyId, remoteJid: sent.remoteJid, timestamp: sent.timestamp, position: appended?.toString() ?? null }
    })
  }

  /** Creates a WhatsApp group with this session's account as its owner. */
  async createGroup(subject: string, participants: readonly string[]): Promise<{ jid: string; subject: string }> {
    const connection = this.#assertConnected()
    try {
      return await this.#outbound.run(() => connection.createGroup(subject, participants))
    } catch (error) {
      if (error instanceof DomainError) throw error
      throw new SendFailedError((error as Error).message)
    }
  }

  #assertConnected(): DriverConnection {
    const connection = this.#connection
    if (!connection || this.status !== 'CONNECTED') throw new SessionNotConnectedError(this.sessionId, this.status)
    return connection
  }

  /**
   * Closes the socket for a process shutdown, recording it, without changing what the session wants.
   * Bounded: writes still in flight after the deadline are given up (WhatsApp delivers unacknowledged
   * messages again at the next start).
   */
  async shutdown(deadlineMs = SHUTDOWN_DEADLINE_MS): Promise<void> {
    if (!this.#actor) return
    this.#transition({ type: 'SHUTDOWN' }, { actor: { kind: 'system', id: 'shutdown' } })
    let timer: NodeJS.Timeout | undefined
    const flushed = await Promise.race([
      Promise.all([this.#writes.idle(), this.#traffic.idle()]).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(resolve, deadlineMs, false))),
    ])
    clearTimeout(timer)
    if (!flushed) this.#log.warn({ deadlineMs }, 'shutdown: writes still in flight after the deadline; giving them up')
    this.#closing.abort()
    this.#actor?.stop()
    this.#actor = undefined
  }

  /** Stops without recording anything: another node owns the session now. */
  release(): void {
    this.#closing.abort()
    this.#actor?.stop()
    this.#actor = undefined
  }

  async #command(event: SessionMachineEvent, cause: EventMetadata): Promise<CommandResult> {
    if (!this.#actor) await this.activate()
    this.#transition(event, cause)
    await this.#writes.idle()
    return this.#result()
  }

  #transition(event: SessionMachineEvent, cause: EventMetadata): void {
    this.#cause = cause
    this.#actor?.send(event)
    this.#cause = {}
  }

  /**
   * Records a connection.update whenever the status, QR or pairing code changes, or why it cannot
   * connect (a session that cannot reach WhatsApp says so instead of CONNECTING/"started" forever).
   */
  #onSnapshot(snapshot: SessionSnapshot): void {
    const status = statusOf(snapshot)
    const { qr, pairingCode, reason, desired, me, attempt, detail } = snapshot.context
    const last = this.#recorded
    if (status === last.status && qr === last.qr && pairingCode === last.pairingCode && (detail === last.detail || detail === null)) return
    this.#recorded = { status, qr, pairingCode, detail }
    const data: ConnectionUpdate['data'] = {
      sessionId: this.sessionId,
      status,
      qr,
      reason,
      desired,
      ...(pairingCode ? { pairingCode } : {}),
      ...(status === 'CONNECTED' ? { me } : {}),
      ...(attempt > 0 ? { attempt } : {}),
      ...(detail ? { detail } : {}),
    }
    const cause = this.#cause
    this.#log.info({ status, reason, attempt }, 'session status')
    void this.#writes
      .run(() => this.#decideAndAppend(() => [{ type: SessionEventTypes.connectionUpdate, data }], cause))
      .catch((error: unknown) => this.#log.error({ err: error }, 'could not record connection update'))
  }

  /** Appends what `decide` makes of the current state, retrying on a concurrent write with a fresh fold. */
  async #decideAndAppend(decide: (state: SessionState) => SessionEvent[], cause: EventMetadata): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const events = decide(this.#state)
      if (events.length === 0) return
      try {
        const result = await this.#deps.store.append(
          sessionStreamId(this.sessionId),
          events.map((e) => ({ ...e, metadata: this.#metadata(cause) })),
          this.#state.revision,
        )
        let state = this.#state
        for (const [i, e] of events.entries()) state = evolveSession(state, { ...e, revision: result.nextRevision - events.length + 1 + i })
        this.#state = state
        this.#lastPosition = result.position
        return
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_CONFLICT_RETRIES) throw error
        this.#log.warn({ expected: this.#state.revision, actual: error.actual }, 'session stream moved under us; refolding')
        const events = await this.#deps.store.readStream(sessionStreamId(this.sessionId))
        this.#state = foldSession(asSessionEvents(events))
      }
    }
  }

  /**
   * Records what WhatsApp delivered. WhatsApp already has our receipt for it, so an append that fails
   * on a transient error (the store away) is retried, in order: the queue waits. One that fails for
   * good (data the store refuses) is parked, never retried forever: the session goes on. Answers
   * whether the gateway kept the traffic (recorded or parked).
   */
  async #recordTraffic(events: readonly NewEvent[]): Promise<boolean> {
    if (events.length === 0) return true
    const position = await this.#record(messagesStreamId(this.sessionId), events, { actor: { kind: 'system', id: 'whatsapp' } })
    return position !== undefined
  }

  /**
   * Appends WhatsApp traffic: transient failures retried with backoff (until `deadline`, if given, or
   * the shutdown), permanent ones parked event by event. Answers the last position written, null when
   * nothing new was written (already recorded, or parked), undefined when it gave up unkept.
   */
  async #record(streamId: string, events: readonly NewEvent[], cause: EventMetadata, deadline = Infinity): Promise<bigint | null | undefined> {
    // Ids fixed before the first attempt, so a retry after an append that did land appends nothing.
    const identified = events.map((e) => ({ ...e, id: e.id ?? randomUUID() }))
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#append(streamId, identified, cause)
      } catch (error) {
        if (identified.length > 1 && (error instanceof DuplicateEventIdError || !isTransientError(error))) {
          // Part of the batch was recorded before (a replay after a reconnect), or one event is poison: each on its own.
          let last: bigint | null | undefined = null
          for (const event of identified) {
            const position = await this.#record(streamId, [event], cause, deadline)
            if (position !== null && position !== undefined) last = position
            else if (position === undefined && last === null) last = undefined
          }
          return last
        }
        if (error instanceof DuplicateEventIdError) return null
        const [event] = identified as [NewEvent & { id: string }]
        if (!isTransientError(error)) return this.#park(streamId, event, cause, error)
        if (this.#closing.signal.aborted) {
          this.#log.warn({ err: error, eventId: event.id, type: event.type }, 'shutdown: giving up recording WhatsApp traffic')
          return undefined
        }
        if (Date.now() >= deadline) return this.#park(streamId, event, cause, error)
        const delay = backoffDelay(attempt, TRAFFIC_RETRY)
        this.#log.error({ err: error, count: identified.length, attempt, retryInMs: delay }, 'could not record WhatsApp traffic; retrying')
        await sleep(delay, this.#closing.signal)
      }
    }
  }

  async #park(streamId: string, event: NewEvent & { id: string }, cause: EventMetadata, error: unknown): Promise<null | undefined> {
    const parked = { ...event, streamId, metadata: { ...this.#metadata(cause), ...event.metadata } }
    try {
      if (!this.#deps.parking) throw new Error('no parking for WhatsApp traffic')
      await this.#deps.parking.park(WHATSAPP_RECORDER, parked, error)
      return null
    } catch (parkError) {
      this.#log.error({ err: error, parkError, event: parked }, 'could not record WhatsApp traffic, nor park it; dropped')
      return undefined
    }
  }

  async #append(streamId: string, events: readonly NewEvent[], cause: EventMetadata): Promise<bigint> {
    const result = await this.#deps.store.append(
      streamId,
      events.map((e) => ({ ...e, metadata: { ...this.#metadata(cause), ...e.metadata } })),
    )
    return result.position
  }

  #metadata(cause: EventMetadata): EventMetadata {
    return { schemaVersion: 1, ...cause, nodeId: this.#deps.nodeId }
  }

  #result(): CommandResult {
    return { position: this.#lastPosition?.toString() ?? null }
  }
}

function requestHash(request: SendRequest): string {
  return createHash('sha256').update(JSON.stringify([request.jid, request.content, request.quoted?.keyId ?? null])).digest('hex')
}

/** WhatsApp's message id for a send with an Idempotency-Key: the same key, the same message. */
export function idempotentMessageId(sessionId: string, key: string): string {
  return `3EB0${createHash('sha256').update(`${sessionId}\u0000${key}`).digest('hex').slice(0, 18).toUpperCase()}`
}

function withMediaUrl(event: NewEvent, url: string): void {
  const data = event.data as { media?: { url?: string | null } | null }
  if (data?.media) (event as { data: unknown }).data = { ...data, media: { ...data.media, url } }
}
