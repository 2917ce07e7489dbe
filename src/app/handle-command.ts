import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type NewEvent,
} from '../domain/ports/event-store.ts'

export interface Decider<State, Event extends { type: string; data: unknown }> {
  readonly initial: State
  evolve(state: State, event: Event): State
}

export interface Handled<State, Event> {
  readonly state: State
  readonly events: readonly Event[]
  /** Position of the last appended event; null when the decision appended nothing. */
  readonly position: bigint | null
}

const MAX_ATTEMPTS = 5

/**
 * Loads a stream, folds it, lets `decide` choose the new events from the state, and appends them at
 * the revision it read. When another writer got there first, it folds again and decides again.
 */
export async function handleCommand<State, Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Event>,
  decide: (state: State) => Event[],
  metadata: EventMetadata,
): Promise<Handled<State, Event>> {
  for (let attempt = 1; ; attempt++) {
    const stored = await store.readStream(streamId)
    const state = (stored as unknown as Event[]).reduce(decider.evolve, decider.initial)
    const events = decide(state)
    if (events.length === 0) return { state, events, position: null }
    try {
      const result = await store.append(
        streamId,
        events.map((e): NewEvent => ({ type: e.type, data: e.data, metadata: { schemaVersion: 1, ...metadata } })),
        stored.length === 0 ? 'no_stream' : stored.at(-1)!.revision,
      )
      return { state: events.reduce(decider.evolve, state), events, position: result.position }
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error
    }
  }
}
