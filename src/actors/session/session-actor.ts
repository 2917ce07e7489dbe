import type { Logger } from 'pino'
import type { EventMetadata, EventStore } from '../../domain/ports/event-store.ts'
import type { ActionAnswer, WhatsAppAction } from '../../domain/actions/whatsapp-action.ts'
import type { ConnectionSettings, ConnectOptions, WhatsAppDriver } from '../../domain/ports/whatsapp-driver.ts'
import type { IdempotencyStore } from '../../domain/ports/idempotency-store.ts'
import type { MediaResolver } from '../../domain/ports/media-resolver.ts'
import type { Metrics } from '../../domain/ports/metrics.ts'
import type { SendRequest } from '../../domain/messages/outbound.ts'
import type { BackoffPolicy } from '../../domain/retry/backoff.ts'
import { decideDelete } from '../../domain/session/session-decide.ts'
import type { SessionConfig } from '../../domain/session/session-config.ts'
import type { SessionState } from '../../domain/session/session-state.ts'
import type { PacingPolicy } from './outbound-queue.ts'
import { SendPipeline, type SendOutcome } from './send-pipeline.ts'
import { SessionMachineBridge } from './session-machine-bridge.ts'
import type { SessionMachineEvent } from './session-machine.ts'
import { SessionStreamWriter } from './session-stream-writer.ts'
import { TrafficRecorder, type TrafficParking } from './traffic-recorder.ts'

export { WHATSAPP_RECORDER, type TrafficParking } from './traffic-recorder.ts'
export { idempotentMessageId, type SendOutcome } from './send-pipeline.ts'

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

/** What every command answers: where its last event landed, for read-your-writes. */
export interface CommandResult {
  readonly position: string | null
}

/** How long a shutdown waits for the session's writes in flight. */
const SHUTDOWN_DEADLINE_MS = 5_000

/**
 * One WhatsApp session: its XState machine, its WhatsApp connection, and the only writer of its
 * session stream. Every write goes through one queue, in order, with the expected revision; the
 * state is the fold of the stream, so a restarted process rebuilds the same actor from its events.
 * The parts: the stream writer, the machine bridge, the traffic recorder and the send pipeline.
 */
export class SessionActor {
  readonly sessionId: string
  readonly #driver: WhatsAppDriver
  readonly #log: Logger
  readonly #stream: SessionStreamWriter
  readonly #traffic: TrafficRecorder
  readonly #machine: SessionMachineBridge
  readonly #sends: SendPipeline

  static async load(sessionId: string, deps: SessionActorDeps): Promise<SessionActor> {
    const log = deps.logger.child({ sessionId })
    const stream = await SessionStreamWriter.load(sessionId, { store: deps.store, nodeId: deps.nodeId, log })
    return new SessionActor(sessionId, stream, log, deps)
  }

  private constructor(sessionId: string, stream: SessionStreamWriter, log: Logger, deps: SessionActorDeps) {
    this.sessionId = sessionId
    this.#driver = deps.driver
    this.#log = log
    this.#stream = stream
    this.#traffic = new TrafficRecorder(sessionId, { store: deps.store, nodeId: deps.nodeId, log, parking: deps.parking })
    this.#machine = new SessionMachineBridge(sessionId, stream.state, { driver: deps.driver, backoff: deps.backoff, log, stream, traffic: this.#traffic })
    this.#sends = new SendPipeline(sessionId, {
      media: deps.media,
      idempotency: deps.idempotency,
      pacing: deps.pacing,
      metrics: deps.metrics,
      log,
      recorder: this.#traffic,
      connected: () => this.#machine.connected(),
    })
  }

  get state(): SessionState {
    return this.#stream.state
  }

  /** Sends queued and not yet done (GET /metrics). */
  get outboundDepth(): number {
    return this.#sends.depth
  }

  get status() {
    return this.#machine.status
  }

  /** Brings the machine up; reconnects when the session wanted to run before the restart. */
  async activate(cause: EventMetadata = { actor: { kind: 'system', id: 'restore' } }): Promise<CommandResult> {
    if (this.#machine.running || !this.state.exists || this.state.deleted) return this.#result()
    this.#machine.start(connectionSettings(this.state.config))
    if (this.state.desired === 'running') this.#machine.send({ type: 'START' }, cause)
    await this.#stream.idle()
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
    await this.#stream.write({ type: 'UpdateSessionSettings', data: { patch } }, cause)
    this.#machine.configure(connectionSettings(this.state.config))
    return { ...this.#result(), config: this.state.config }
  }

  /** Stops the socket, forgets the credentials and records the deletion. The registry then drops the actor. */
  async delete(cause: EventMetadata): Promise<CommandResult> {
    decideDelete(this.state)
    this.#machine.send({ type: 'STOP', reason: 'deleted' }, cause)
    await this.#stream.write({ type: 'DeleteSession' }, cause)
    this.#machine.stop()
    await this.#driver.removeCredentials(this.sessionId)
    return this.#result()
  }

  /** Sends through the session's outbound queue; see SendPipeline.send (Idempotency-Key, pacing). */
  send(request: SendRequest, cause: EventMetadata): Promise<SendOutcome> {
    return this.#sends.send(request, cause)
  }

  /** Creates a WhatsApp group with this session's account as its owner. */
  createGroup(subject: string, participants: readonly string[]): Promise<{ jid: string; subject: string }> {
    return this.#sends.createGroup(subject, participants)
  }

  /** An action on the account (edit, revoke, contacts, groups, chats, profile), in turn with the sends. */
  act(action: WhatsAppAction): Promise<ActionAnswer> {
    return this.#sends.act(action)
  }

  /**
   * Closes the socket for a process shutdown, recording it, without changing what the session wants.
   * Bounded: writes still in flight after the deadline are given up (WhatsApp delivers unacknowledged
   * messages again at the next start).
   */
  async shutdown(deadlineMs = SHUTDOWN_DEADLINE_MS): Promise<void> {
    if (!this.#machine.running) return
    this.#machine.send({ type: 'SHUTDOWN' }, { actor: { kind: 'system', id: 'shutdown' } })
    let timer: NodeJS.Timeout | undefined
    const flushed = await Promise.race([
      Promise.all([this.#stream.idle(), this.#traffic.idle()]).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(resolve, deadlineMs, false))),
    ])
    clearTimeout(timer)
    if (!flushed) this.#log.warn({ deadlineMs }, 'shutdown: writes still in flight after the deadline; giving them up')
    this.#traffic.close()
    this.#machine.stop()
  }

  /** Stops without recording anything: another node owns the session now. */
  release(): void {
    this.#traffic.close()
    this.#machine.stop()
  }

  async #command(event: SessionMachineEvent, cause: EventMetadata): Promise<CommandResult> {
    if (!this.#machine.running) await this.activate()
    this.#machine.send(event, cause)
    await this.#stream.idle()
    return this.#result()
  }

  #result(): CommandResult {
    return { position: this.#stream.lastPosition?.toString() ?? null }
  }
}

function connectionSettings(config: SessionConfig): ConnectionSettings {
  return { readReceipts: config.readReceipts, ghostMode: config.ghostMode, rejectCalls: config.rejectCalls ?? false, proxy: config.proxySealed ?? null }
}
