import { WrongExpectedRevisionError, type EventMetadata, type EventStore, type NewEvent } from '../ports/event-store.ts'
import { eventMetadata } from '../event-metadata.ts'
import type { DecidedEvent, Decider } from './decider.ts'

export interface Handled<State, Event> {
  readonly state: State
  readonly events: readonly Event[]
  /** Position of the last appended event; null when the decision appended nothing. */
  readonly position: bigint | null
  /** Revision of the stream's last event after the command (-1: still no stream). */
  readonly revision: number
}

export interface HandleOptions<State> {
  /**
   * A state the caller already holds (an actor's), folded up to `revision` (-1: no stream): the first
   * attempt decides on it without reading the stream; a concurrent write makes it read afresh.
   */
  readonly known?: { readonly state: State; readonly revision: number }
  /** Told of each concurrent write that makes it read and decide again. */
  readonly onConflict?: (error: WrongExpectedRevisionError) => void
}

const MAX_ATTEMPTS = 5

/**
 * The one command handler: loads a stream, folds it, lets the decider choose the new events from the
 * state, and appends them at the revision it read. When another writer got there first, it folds
 * again and decides again (at most five times). Appended events carry eventMetadata(metadata) (the
 * schema version unless it names one); `evolve` sees them with their revision, as a later read would.
 */
export async function handleCommand<State, Command extends { readonly type: string }, Event extends DecidedEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, Event>,
  command: Command,
  metadata: EventMetadata,
  options: HandleOptions<State> = {},
): Promise<Handled<State, Event>> {
  let known = options.known
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = known ?? (await load(store, streamId, decider))
    known = undefined
    const events = decider.decide(command, state)
    if (events.length === 0) return { state, events, position: null, revision }
    try {
      const result = await store.append(
        streamId,
        events.map((e): NewEvent => ({ type: e.type, data: e.data, metadata: eventMetadata(metadata) })),
        revision === -1 ? 'no_stream' : revision,
      )
      const first = result.nextRevision - events.length + 1
      const next = events.reduce((s, e, i) => decider.evolve(s, { ...e, revision: first + i }), state)
      return { state: next, events, position: result.position, revision: result.nextRevision }
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error
      options.onConflict?.(error)
    }
  }
}

async function load<State, Event extends DecidedEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, never, Event>,
): Promise<{ state: State; revision: number }> {
  const stored = await store.readStream(streamId)
  // Stored events are the decided ones plus their place in the store; evolve reads type and data.
  const state = (stored as unknown as Event[]).reduce(decider.evolve, decider.initialState)
  return { state, revision: stored.length === 0 ? -1 : stored.at(-1)!.revision }
}
