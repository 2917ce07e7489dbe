import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { foldWith } from '../../domain/decider/decider.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { broadcastDecider } from '../../domain/broadcast/broadcast-decider.ts'
import { BroadcastEventTypes, broadcastStreamId, type BroadcastEvent } from '../../domain/broadcast/broadcast-events.ts'
import { nextRecipient, type BroadcastState } from '../../domain/broadcast/broadcast-state.ts'
import { ConflictError, DomainError } from '../../domain/errors.ts'
import { stableId } from '../../domain/ids.ts'
import { whatsAppMessageId } from '../../domain/messages/message-ids.ts'
import type { Bus } from '../../domain/ports/bus.ts'
import type { EventMetadata, EventStore } from '../../domain/ports/event-store.ts'
import type { SessionCommands } from '../../domain/ports/session-commands.ts'
import { sleep } from '../../domain/retry/sleep.ts'
import type { EventParking } from '../../consumers/parking/event-parking.ts'
import { PoisonGuard, reactorEvent } from '../../consumers/parking/poison-guard.ts'
import { storableText } from '../../domain/text/storable-text.ts'
import type { BroadcastsTables } from '../../projections/broadcasts/tables.ts'

export interface BroadcastRunnerOptions {
  readonly store: EventStore
  readonly db: Kysely<BroadcastsTables>
  readonly sessions: SessionCommands
  readonly bus: Bus
  readonly logger: Logger
  readonly random?: () => number
  /** How often to look for broadcasts this node should run (new ones also wake it through the bus). */
  readonly pollMs?: number
  /** Where a broadcast that fails for good goes, so that it is not restarted every poll. */
  readonly parking?: EventParking
}

export const BROADCAST_RUNNER = 'broadcast-runner'

const NOT_CONNECTED_WAIT_MS = 2000

/**
 * Runs the broadcasts of the sessions this node hosts: one recipient after another through the
 * session's outbound queue, a random delay apart, each outcome recorded in the broadcast's stream.
 * After a restart (or a failover) it resumes with the first recipient not yet recorded.
 */
export class BroadcastRunner {
  readonly #options: BroadcastRunnerOptions
  readonly #running = new Map<string, Promise<void>>()
  readonly #controller = new AbortController()
  #wake: () => void = () => {}
  #loop: Promise<void> | undefined
  #unsubscribe: () => void = () => {}
  readonly #guard: PoisonGuard

  constructor(options: BroadcastRunnerOptions) {
    this.#options = options
    this.#guard = new PoisonGuard({ consumer: BROADCAST_RUNNER, parking: options.parking, logger: options.logger, signal: this.#controller.signal, retry: (id) => this.#retry(id) })
  }

  start(): void {
    this.#unsubscribe = this.#options.bus.onEvents((events) => {
      if (events.some((e) => e.type === BroadcastEventTypes.started)) this.#wake()
    })
    this.#loop = this.#watch()
  }

  async #watch(): Promise<void> {
    const signal = this.#controller.signal
    while (!signal.aborted) {
      try {
        const running = await this.#options.db.selectFrom('broadcasts').select(['id', 'session_id']).where('status', '=', 'RUNNING').execute()
        const skipped = running.length > 0 ? await this.#guard.skipped() : new Set<string>()
        for (const { id, session_id } of running) {
          if (this.#running.has(id) || skipped.has(id) || !this.#options.sessions.hosted(session_id)) continue
          const parked = () => reactorEvent(stableId(BROADCAST_RUNNER, id), BroadcastEventTypes.started, broadcastStreamId(id), id)
          const run = this.#guard
            .run(id, parked, () => this.#run(id))
            .then(() => {})
            .finally(() => this.#running.delete(id))
          this.#running.set(id, run)
        }
      } catch (error) {
        this.#options.logger.error({ err: error }, 'could not look for broadcasts to run')
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve
        void sleep(this.#options.pollMs ?? 2000, signal).then(resolve)
      })
    }
  }

  async #run(id: string): Promise<void> {
    const signal = this.#controller.signal
    let state = await this.#load(id)
    let first = true
    while (!signal.aborted) {
      if (!first) {
        await sleep(this.#delay(state), signal)
        state = await this.#load(id) // cancelled meanwhile?
      }
      const step = await this.#step(id, state)
      if (step.kind === 'finished' || step.kind === 'elsewhere') return // elsewhere: that node resumes the broadcast
      if (step.kind === 'not-connected') {
        await sleep(NOT_CONNECTED_WAIT_MS, signal)
        continue
      }
      first = false
      if (step.kind === 'sent') state = step.state
    }
  }

  /**
   * An operator's retry of a parked broadcast: its next recipient now, here (the rest follow at the
   * runner's pace once it is no longer parked); it fails when its session cannot send from this node now.
   */
  async #retry(id: string): Promise<void> {
    if (this.#running.has(id)) throw new ConflictError(`broadcast ${id} is running right now`)
    const step = this.#load(id).then((state) => this.#step(id, state))
    this.#running.set(id, step.then(() => {}, () => {}))
    try {
      const { kind } = await step
      if (kind !== 'finished' && kind !== 'sent') throw new ConflictError(`broadcast ${id}: its session is not connected on this node; retry once it is`)
    } finally {
      this.#running.delete(id)
    }
  }

  /** Sends to the next recipient and records the outcome. */
  async #step(id: string, state: BroadcastState): Promise<{ kind: 'finished' | 'elsewhere' | 'not-connected' | 'unsent' } | { kind: 'sent'; state: BroadcastState }> {
    const { store, sessions, logger } = this.#options
    const cause: EventMetadata = { actor: { kind: 'system', id: 'broadcast' }, correlationId: id }
    const jid = nextRecipient(state)
    if (!jid) return { kind: 'finished' }
    const session = sessions.hosted(state.sessionId)
    if (!session) return { kind: 'elsewhere' }
    if (session.status !== 'CONNECTED') return { kind: 'not-connected' }
    let outcome: { messageId: string } | { error: string }
    try {
      const sent = await session.send({ jid, content: { kind: 'text', text: state.message }, messageId: whatsAppMessageId({ kind: 'broadcast', broadcastId: id, jid }) }, cause)
      outcome = { messageId: sent.keyId }
    } catch (error) {
      if ((error as DomainError).code === 'SESSION_NOT_CONNECTED') return { kind: 'unsent' }
      outcome = { error: storableText((error as Error).message) }
    }
    const handled = await handleCommand(store, broadcastStreamId(id), broadcastDecider, { type: 'RecordRecipientOutcome', data: { jid, outcome } }, cause)
    const done = [...handled.state.recipients.values()].filter((s) => s !== 'PENDING').length
    logger.info({ broadcastId: id, jid, ...outcome, progress: `${done}/${handled.state.recipients.size}` }, 'broadcast progress')
    return { kind: 'sent', state: handled.state }
  }

  async #load(id: string): Promise<BroadcastState> {
    const events = await this.#options.store.readStream(broadcastStreamId(id))
    return foldWith(broadcastDecider, events as unknown as BroadcastEvent[])
  }

  #delay(state: BroadcastState): number {
    const { min, max } = state.delayMs
    return min + (this.#options.random ?? Math.random)() * (max - min)
  }

  async stop(): Promise<void> {
    this.#unsubscribe()
    this.#controller.abort()
    this.#wake()
    await this.#loop
    await Promise.allSettled(this.#running.values())
  }
}
