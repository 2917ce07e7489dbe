import type { Logger } from 'pino'
import { eventMetadata } from '../../domain/event-metadata.ts'
import { randomUUID } from 'node:crypto'
import { DuplicateEventIdError, type EventMetadata, type EventStore, type NewEvent } from '../../domain/ports/event-store.ts'
import { isTransientError } from '../../domain/retry/transient-error.ts'
import { backoffDelay } from '../../domain/retry/backoff.ts'
import { sleep } from '../../domain/retry/sleep.ts'
import { messagesStreamId } from '../../domain/session/session-events.ts'
import { SerialQueue } from '../serial-queue.ts'

/** What the actor needs of the event parking (projections/parking). */
export interface TrafficParking {
  park(consumer: string, event: NewEvent & { readonly id: string; readonly streamId: string }, error: unknown): Promise<unknown>
}

/** The consumer name of a session's recorder in parked_events. */
export const WHATSAPP_RECORDER = 'whatsapp-recorder'

export interface TrafficRecorderDeps {
  readonly store: EventStore
  readonly nodeId: string
  readonly log: Logger
  /** Where WhatsApp traffic that cannot be stored goes, so that it never holds the session up. */
  readonly parking?: TrafficParking
}

const TRAFFIC_RETRY = { baseMs: 200, maxMs: 30_000 }

/**
 * Records a session's WhatsApp traffic (what arrived, and what it sent) in its messages stream, in
 * arrival order, apart from the lifecycle writes. A store that is away is waited out; traffic the
 * store refuses is parked: either way the session goes on.
 */
export class TrafficRecorder {
  readonly #streamId: string
  readonly #deps: TrafficRecorderDeps
  readonly #queue = new SerialQueue()
  /** Aborted at shutdown: retries give up, so a shutdown never waits on a store that is away. */
  readonly #closing = new AbortController()

  constructor(sessionId: string, deps: TrafficRecorderDeps) {
    this.#streamId = messagesStreamId(sessionId)
    this.#deps = deps
  }

  /**
   * Records what WhatsApp delivered. WhatsApp already has our receipt for it, so an append that fails
   * on a transient error (the store away) is retried, in order: the queue waits. One that fails for
   * good (data the store refuses) is parked, never retried forever: the session goes on. Answers
   * whether the gateway kept the traffic (recorded or parked).
   */
  recordReceived(events: readonly NewEvent[]): Promise<boolean> {
    return this.#queue.run(async () => {
      if (events.length === 0) return true
      const position = await this.#record(events, { actor: { kind: 'system', id: 'whatsapp' } })
      return position !== undefined
    })
  }

  /**
   * Records what the session sent, in order with the receipts about it. It is sent: a record that fails
   * is retried for `withinMs` (from its turn), then parked. Answers as `#record` does.
   */
  recordSent(events: readonly NewEvent[], cause: EventMetadata, withinMs: number): Promise<bigint | null | undefined> {
    return this.#queue.run(() => this.#record(events, cause, Date.now() + withinMs))
  }

  /** Resolves when everything queued so far is recorded (or given up). */
  idle(): Promise<void> {
    return this.#queue.idle()
  }

  /** Gives up the retries in progress and to come: the process is going down, or another node took over. */
  close(): void {
    this.#closing.abort()
  }

  /**
   * Appends WhatsApp traffic: transient failures retried with backoff (until `deadline`, if given, or
   * the shutdown), permanent ones parked event by event. Answers the last position written, null when
   * nothing new was written (already recorded, or parked), undefined when it gave up unkept.
   */
  async #record(events: readonly NewEvent[], cause: EventMetadata, deadline = Infinity): Promise<bigint | null | undefined> {
    // Ids fixed before the first attempt, so a retry after an append that did land appends nothing.
    const identified = events.map((e) => ({ ...e, id: e.id ?? randomUUID() }))
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#append(identified, cause)
      } catch (error) {
        if (identified.length > 1 && (error instanceof DuplicateEventIdError || !isTransientError(error))) {
          // Part of the batch was recorded before (a replay after a reconnect), or one event is poison: each on its own.
          let last: bigint | null | undefined = null
          for (const event of identified) {
            const position = await this.#record([event], cause, deadline)
            if (position !== null && position !== undefined) last = position
            else if (position === undefined && last === null) last = undefined
          }
          return last
        }
        if (error instanceof DuplicateEventIdError) return null
        const [event] = identified as [NewEvent & { id: string }]
        if (!isTransientError(error)) return this.#park(event, cause, error)
        if (this.#closing.signal.aborted) {
          this.#deps.log.warn({ err: error, eventId: event.id, type: event.type }, 'shutdown: giving up recording WhatsApp traffic')
          return undefined
        }
        if (Date.now() >= deadline) return this.#park(event, cause, error)
        const delay = backoffDelay(attempt, TRAFFIC_RETRY)
        this.#deps.log.error({ err: error, count: identified.length, attempt, retryInMs: delay }, 'could not record WhatsApp traffic; retrying')
        await sleep(delay, this.#closing.signal)
      }
    }
  }

  async #park(event: NewEvent & { id: string }, cause: EventMetadata, error: unknown): Promise<null | undefined> {
    const parked = { ...event, streamId: this.#streamId, metadata: { ...eventMetadata(cause, this.#deps.nodeId), ...event.metadata } }
    try {
      if (!this.#deps.parking) throw new Error('no parking for WhatsApp traffic')
      await this.#deps.parking.park(WHATSAPP_RECORDER, parked, error)
      return null
    } catch (parkError) {
      this.#deps.log.error({ err: error, parkError, event: parked }, 'could not record WhatsApp traffic, nor park it; dropped')
      return undefined
    }
  }

  async #append(events: readonly NewEvent[], cause: EventMetadata): Promise<bigint> {
    const result = await this.#deps.store.append(
      this.#streamId,
      events.map((e) => ({ ...e, metadata: { ...eventMetadata(cause, this.#deps.nodeId), ...e.metadata } })),
    )
    return result.position
  }
}
