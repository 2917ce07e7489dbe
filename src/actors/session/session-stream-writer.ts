import type { Logger } from 'pino'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import type { EventMetadata, EventStore } from '../../domain/ports/event-store.ts'
import { sessionDecider, type SessionStreamCommand } from '../../domain/session/session-decider.ts'
import { asSessionEvents, sessionStreamId } from '../../domain/session/session-events.ts'
import { foldSession, type SessionState } from '../../domain/session/session-state.ts'
import { SerialQueue } from '../serial-queue.ts'

export interface SessionStreamWriterDeps {
  readonly store: EventStore
  readonly nodeId: string
  readonly log: Logger
}

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

  /** Queues a command: appends what the session's decider makes of it on the state when its turn comes. */
  write(command: SessionStreamCommand, cause: EventMetadata): Promise<void> {
    return this.#queue.run(() => this.#handle(command, cause))
  }

  /** Resolves when every write queued so far is done. */
  idle(): Promise<void> {
    return this.#queue.idle()
  }

  /**
   * The one command handler, on the state this writer holds (no read); a concurrent write (another
   * node that took the session over) makes it read the stream afresh and decide again.
   */
  async #handle(command: SessionStreamCommand, cause: EventMetadata): Promise<void> {
    const handled = await handleCommand(this.#deps.store, sessionStreamId(this.#sessionId), sessionDecider, command, { ...cause, nodeId: this.#deps.nodeId }, {
      known: { state: this.#state, revision: this.#state.revision },
      onConflict: (error) => this.#deps.log.warn({ expected: error.expected, actual: error.actual }, 'session stream moved under us; refolding'),
    })
    this.#state = handled.state
    if (handled.position !== null) this.#lastPosition = handled.position
  }
}
