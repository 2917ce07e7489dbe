import type { Logger } from 'pino'
import { eventMetadata } from '../../domain/event-metadata.ts'
import { WrongExpectedRevisionError, type EventMetadata, type EventStore } from '../../domain/ports/event-store.ts'
import { asSessionEvents, sessionStreamId, type SessionEvent } from '../../domain/session/session-events.ts'
import { evolveSession, foldSession, type SessionState } from '../../domain/session/session-state.ts'
import { SerialQueue } from '../serial-queue.ts'

export interface SessionStreamWriterDeps {
  readonly store: EventStore
  readonly nodeId: string
  readonly log: Logger
}

const MAX_CONFLICT_RETRIES = 5

/**
 * The only writer of a session's stream, and the state folded from it. Writes run one at a time, in
 * order, each deciding on the current state and appending at its revision.
 */
export class SessionStreamWriter {
  readonly #sessionId: string
  readonly #deps: SessionStreamWriterDeps
  readonly #queue = new SerialQueue()
  #state: SessionState
  #lastPosition: bigint | null = null

  static async load(sessionId: string, deps: SessionStreamWriterDeps): Promise<SessionStreamWriter> {
    const events = await deps.store.readStream(sessionStreamId(sessionId))
    return new SessionStreamWriter(sessionId, foldSession(asSessionEvents(events)), deps)
  }

  private constructor(sessionId: string, state: SessionState, deps: SessionStreamWriterDeps) {
    this.#sessionId = sessionId
    this.#state = state
    this.#deps = deps
  }

  get state(): SessionState {
    return this.#state
  }

  /** Where the last write landed (null before the first), for read-your-writes. */
  get lastPosition(): bigint | null {
    return this.#lastPosition
  }

  /** Queues a write: appends what `decide` makes of the state when its turn comes. */
  write(decide: (state: SessionState) => SessionEvent[], cause: EventMetadata): Promise<void> {
    return this.#queue.run(() => this.#decideAndAppend(decide, cause))
  }

  /** Resolves when every write queued so far is done. */
  idle(): Promise<void> {
    return this.#queue.idle()
  }

  /** Appends what `decide` makes of the current state, retrying on a concurrent write with a fresh fold. */
  async #decideAndAppend(decide: (state: SessionState) => SessionEvent[], cause: EventMetadata): Promise<void> {
    const streamId = sessionStreamId(this.#sessionId)
    for (let attempt = 0; ; attempt++) {
      const events = decide(this.#state)
      if (events.length === 0) return
      try {
        const result = await this.#deps.store.append(
          streamId,
          events.map((e) => ({ ...e, metadata: eventMetadata(cause, this.#deps.nodeId) })),
          this.#state.revision,
        )
        let state = this.#state
        for (const [i, e] of events.entries()) state = evolveSession(state, { ...e, revision: result.nextRevision - events.length + 1 + i })
        this.#state = state
        this.#lastPosition = result.position
        return
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_CONFLICT_RETRIES) throw error
        this.#deps.log.warn({ expected: this.#state.revision, actual: error.actual }, 'session stream moved under us; refolding')
        const events = await this.#deps.store.readStream(streamId)
        this.#state = foldSession(asSessionEvents(events))
      }
    }
  }
}
