/**
 * An aggregate as three pure parts (Emmett's Decider, after Jérémie Chassaing): `decide` turns a
 * command and the current state into new events (or throws a domain error), `evolve` folds one event
 * into the state, `initialState` is the state of a stream with no events. `handleCommand` runs them
 * against the event store.
 */
export interface Decider<State, Command extends { readonly type: string }, Event extends DecidedEvent> {
  decide(command: Command, state: State): Event[]
  evolve(state: State, event: Event): State
  readonly initialState: State
}

/** An event as a decider makes it: a type and plain data (the store adds id, revision, position). */
export interface DecidedEvent {
  readonly type: string
  readonly data: unknown
}

/** The state a decider reaches after `events`, from its initial state. */
export function foldWith<State, Event extends DecidedEvent>(decider: Pick<Decider<State, never, Event>, 'evolve' | 'initialState'>, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState)
}
