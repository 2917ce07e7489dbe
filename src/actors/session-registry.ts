import type { Logger } from 'pino'
import { NotFoundError, SessionUnavailableError } from '../domain/errors.ts'
import { NoResponderError, type Bus } from '../domain/ports/bus.ts'
import type { EventMetadata, EventStore } from '../domain/ports/event-store.ts'
import type { SessionPlacement } from '../domain/ports/placement.ts'
import type { WhatsAppDriver } from '../domain/ports/whatsapp-driver.ts'
import { handleCommand } from '../domain/decider/handle-command.ts'
import { sessionDecider } from '../domain/session/session-decider.ts'
import type { SessionConfig } from '../domain/session/session-config.ts'
import { sessionStreamId } from '../domain/session/session-events.ts'
import type { BackoffPolicy } from '../domain/retry/backoff.ts'
import type { PacingPolicy } from './session/outbound-queue.ts'
import type { MediaResolver } from '../domain/ports/media-resolver.ts'
import type { IdempotencyStore } from '../domain/ports/idempotency-store.ts'
import type { Metrics } from '../domain/ports/metrics.ts'
import { SessionActor, type CommandResult, type TrafficParking } from './session/session-actor.ts'
import { sessionAddress, type SessionCommand } from './session-commands.ts'
import { handleSessionCommand } from './session/handle-session-command.ts'

export interface SessionRegistryOptions {
  readonly store: EventStore
  readonly bus: Bus
  readonly driver: WhatsAppDriver
  readonly placement: SessionPlacement
  readonly logger: Logger
  readonly nodeId: string
  readonly backoff?: BackoffPolicy
  readonly media: MediaResolver
  readonly idempotency: IdempotencyStore
  readonly pacing?: PacingPolicy
  readonly metrics?: Pick<Metrics, 'outboundPaced'>
  /** Where a session puts WhatsApp traffic the store refuses. */
  readonly parking?: TrafficParking
}

interface Hosted {
  readonly actor: SessionActor
  readonly unserve: () => Promise<void>
}

const ADOPT_CONCURRENCY = 8
/** How long a shutdown waits for all the sessions together (each waits at most 5 s for its writes). */
const SHUTDOWN_DEADLINE_MS = 8_000

/**
 * The sessions running on this node: starts, finds, stops and restarts their actors, and serves each
 * one's bus address so that a command sent from any node reaches it.
 */
export class SessionRegistry {
  readonly #options: SessionRegistryOptions
  readonly #hosted = new Map<string, Hosted>()
  readonly #adopting = new Map<string, Promise<SessionActor | null>>()
  #closing = false

  constructor(options: SessionRegistryOptions) {
    this.#options = options
    options.placement.onLost((sessionId) => this.#drop(sessionId, 'release'))
  }

  /** Creates a session (its stream must not exist yet) and starts it here: it begins connecting. */
  async create(
    input: { id: string; sessionId: string; userId: string; name: string; config?: Partial<SessionConfig> },
    cause: EventMetadata,
  ): Promise<CommandResult> {
    // Decided on the empty stream without a read; should the id be taken, the handler reads it and decide refuses.
    await handleCommand(this.#options.store, sessionStreamId(input.sessionId), sessionDecider, { type: 'CreateSession', data: input }, { ...cause, nodeId: this.#options.nodeId }, {
      known: { state: sessionDecider.initialState, revision: -1 },
    })
    const actor = await this.adopt(input.sessionId, cause)
    if (!actor) throw new SessionUnavailableError(input.sessionId)
    return actor.activate()
  }

  /**
   * Runs a command on the session's owner: directly when that is this node (the very handler its bus
   * address serves, so idempotency and fencing are the same), over the bus when another node runs it,
   * and adopting the session here when no node does.
   */
  async execute<Reply>(sessionId: string, command: SessionCommand): Promise<Reply> {
    const hosted = this.#hosted.get(sessionId)
    if (hosted) return (await this.#handle(hosted.actor, command)) as Reply
    try {
      return await this.#options.bus.request<Reply>(sessionAddress(sessionId), command)
    } catch (error) {
      if (!(error instanceof NoResponderError)) throw error
    }
    const actor = await this.adopt(sessionId)
    if (!actor) throw new SessionUnavailableError(sessionId)
    return (await this.#handle(actor, command)) as Reply
  }

  /** Runs the session on this node when no other node holds it. Null when another node does. */
  adopt(sessionId: string, cause?: EventMetadata): Promise<SessionActor | null> {
    const hosted = this.#hosted.get(sessionId)
    if (hosted) return Promise.resolve(hosted.actor)
    let adopting = this.#adopting.get(sessionId)
    if (!adopting) {
      adopting = this.#adopt(sessionId, cause).finally(() => this.#adopting.delete(sessionId))
      this.#adopting.set(sessionId, adopting)
    }
    return adopting
  }

  async #adopt(sessionId: string, cause?: EventMetadata): Promise<SessionActor | null> {
    if (this.#closing) return null
    // Claim first: the stream is read by the one node that will run the session, not by every contender.
    if (!(await this.#options.placement.claim(sessionId))) return null
    try {
      const actor = await SessionActor.load(sessionId, { ...this.#options })
      if (!actor.state.exists || actor.state.deleted) throw new NotFoundError('session not found')
      const unserve = await this.#options.bus.serve(sessionAddress(sessionId), (command) =>
        this.#handle(actor, command as SessionCommand),
      )
      this.#hosted.set(sessionId, { actor, unserve })
      await actor.activate(cause)
      return actor
    } catch (error) {
      if (!this.#hosted.has(sessionId)) await this.#options.placement.release(sessionId)
      throw error
    }
  }

  /** Adopts every listed session that wants to run and that no other node holds (on start, and periodically). */
  async adoptAll(sessionIds: readonly string[]): Promise<number> {
    let adopted = 0
    const queue = sessionIds.filter((id) => !this.#hosted.has(id))
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          if (await this.adopt(id)) adopted++
        } catch (error) {
          this.#options.logger.error({ err: error, sessionId: id }, 'could not start session')
        }
      }
    }
    await Promise.all(Array.from({ length: ADOPT_CONCURRENCY }, worker))
    return adopted
  }

  get(sessionId: string): SessionActor | undefined {
    return this.#hosted.get(sessionId)?.actor
  }

  /** The sessions running on this node. */
  hostedSessionIds(): string[] {
    return [...this.#hosted.keys()]
  }

  get size(): number {
    return this.#hosted.size
  }

  async #handle(actor: SessionActor, command: SessionCommand): Promise<unknown> {
    const reply = await handleSessionCommand(actor, command)
    if (command.type === 'session.delete') await this.#drop(actor.sessionId, 'release')
    return reply
  }

  /** Takes a session off this node: `shutdown` records the closed socket; `release` just lets go. */
  async #drop(sessionId: string, how: 'shutdown' | 'release'): Promise<void> {
    const hosted = this.#hosted.get(sessionId)
    if (!hosted) return
    this.#hosted.delete(sessionId)
    await hosted.unserve()
    if (how === 'shutdown') await hosted.actor.shutdown()
    else hosted.actor.release()
    await this.#options.placement.release(sessionId)
  }

  /**
   * Graceful shutdown: every session records its closed socket and gives its claim up. Bounded,
   * whatever a session is doing: after the deadline the process goes on closing without it (its lease
   * runs out; WhatsApp delivers again what it did not record).
   */
  async shutdown(deadlineMs = SHUTDOWN_DEADLINE_MS): Promise<void> {
    this.#closing = true
    let timer: NodeJS.Timeout | undefined
    const done = (async () => {
      await Promise.allSettled([...this.#adopting.values()])
      await Promise.allSettled([...this.#hosted.keys()].map((id) => this.#drop(id, 'shutdown')))
    })()
    const finished = await Promise.race([done.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(resolve, deadlineMs, false)))])
    clearTimeout(timer)
    if (!finished) {
      this.#options.logger.warn({ deadlineMs, sessions: this.#hosted.size }, 'shutdown: sessions still closing after the deadline; going on without them')
      for (const { actor } of this.#hosted.values()) actor.release()
    }
  }
}
