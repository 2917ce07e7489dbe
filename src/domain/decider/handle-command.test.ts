import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.ts'
import { ConflictError } from '../errors.ts'
import { WrongExpectedRevisionError, type EventStore } from '../ports/event-store.ts'
import type { Decider } from './decider.ts'
import { handleCommand } from './handle-command.ts'

/** A counter: `Add` records how much it adds and the total it reached, so a stale decision shows. */
type CounterEvent = { type: 'counter.added'; data: { by: number; total: number } }
type CounterCommand = { type: 'Add'; data: { by: number } } | { type: 'AddOnce'; data: { by: number } } | { type: 'Refuse' }
interface CounterState {
  readonly total: number
  readonly revisions: readonly number[]
}

const counter: Decider<CounterState, CounterCommand, CounterEvent> = {
  initialState: { total: 0, revisions: [] },
  decide(command, state) {
    switch (command.type) {
      case 'Add':
        return [{ type: 'counter.added', data: { by: command.data.by, total: state.total + command.data.by } }]
      case 'AddOnce':
        return state.total === 0 ? [{ type: 'counter.added', data: { by: command.data.by, total: command.data.by } }] : []
      case 'Refuse':
        throw new ConflictError('no')
    }
  },
  evolve: (state, event) => ({
    total: event.data.total,
    revisions: [...state.revisions, (event as CounterEvent & { revision?: number }).revision ?? -99],
  }),
}

/** The store, with a hook that runs between a command's read of the stream and its append. */
function interleaved(store: EventStore, between: (attempt: number) => Promise<void>): EventStore & { appends: number } {
  let reads = 0
  const wrapped = Object.create(store) as EventStore & { appends: number }
  wrapped.appends = 0
  wrapped.readStream = async (...args) => {
    const events = await store.readStream(...args)
    await between(++reads)
    return events
  }
  wrapped.append = async (...args) => {
    wrapped.appends++
    return store.append(...args)
  }
  return wrapped
}

describe.each(databaseTargets.filter((t) => t.available))('handleCommand on $kind', ({ kind }) => {
  let test: TestDatabase
  let store: PostgresEventStore
  let n = 0
  const stream = () => `counter-${kind}-${++n}`
  beforeAll(async () => {
    test = await openTestDatabase(kind)
    store = new PostgresEventStore(test.db)
  })
  afterAll(() => test?.close())

  it('reads, folds, decides and appends at the revision it read, with the metadata and schemaVersion 1', async () => {
    const id = stream()
    const first = await handleCommand(store, id, counter, { type: 'Add', data: { by: 2 } }, { actor: { kind: 'user', id: 'u1' }, correlationId: 'c1' })
    expect(first.events).toEqual([{ type: 'counter.added', data: { by: 2, total: 2 } }])
    expect(first.state).toEqual({ total: 2, revisions: [0] })
    expect(first.revision).toBe(0)
    const second = await handleCommand(store, id, counter, { type: 'Add', data: { by: 3 } }, {})
    expect(second.state).toEqual({ total: 5, revisions: [0, 1] })
    expect(second.position).toBeGreaterThan(first.position!)
    const stored = await store.readStream(id)
    expect(stored.map((e) => [e.revision, e.data])).toEqual([
      [0, { by: 2, total: 2 }],
      [1, { by: 3, total: 5 }],
    ])
    expect(stored[0]!.metadata).toMatchObject({ schemaVersion: 1, actor: { kind: 'user', id: 'u1' }, correlationId: 'c1' })
    expect(stored[1]!.position).toBe(second.position)
  })

  it('lets the metadata name another schemaVersion', async () => {
    const id = stream()
    await handleCommand(store, id, counter, { type: 'Add', data: { by: 1 } }, { schemaVersion: 2 })
    expect((await store.readStream(id))[0]!.metadata.schemaVersion).toBe(2)
  })

  it('appends nothing when the decision is no events (position null), and nothing when decide throws', async () => {
    const id = stream()
    await handleCommand(store, id, counter, { type: 'AddOnce', data: { by: 1 } }, {})
    const again = await handleCommand(store, id, counter, { type: 'AddOnce', data: { by: 1 } }, {})
    expect(again).toEqual({ state: { total: 1, revisions: [0] }, events: [], position: null, revision: 0 })
    await expect(handleCommand(store, id, counter, { type: 'Refuse' }, {})).rejects.toThrow(ConflictError)
    expect(await store.readStream(id)).toHaveLength(1)
  })

  it('decides again on the fresh state when another writer appended between its read and its append', async () => {
    const id = stream()
    await handleCommand(store, id, counter, { type: 'Add', data: { by: 1 } }, {})
    const racing = interleaved(store, async (read) => {
      if (read === 1) await handleCommand(store, id, counter, { type: 'Add', data: { by: 10 } }, {}) // the other writer
    })
    const handled = await handleCommand(racing, id, counter, { type: 'Add', data: { by: 100 } }, {})
    expect(racing.appends).toBe(2) // the first append was refused
    expect(handled.state.total).toBe(111)
    expect((await store.readStream(id)).map((e) => e.data)).toEqual([
      { by: 1, total: 1 },
      { by: 10, total: 11 },
      { by: 100, total: 111 },
    ])
  })

  it('keeps a decision that no longer applies after the other writer out of the stream', async () => {
    const id = stream()
    const racing = interleaved(store, async (read) => {
      if (read === 1) await handleCommand(store, id, counter, { type: 'AddOnce', data: { by: 7 } }, {})
    })
    const handled = await handleCommand(racing, id, counter, { type: 'AddOnce', data: { by: 1 } }, {})
    expect(handled.events).toEqual([])
    expect(handled.position).toBeNull()
    expect((await store.readStream(id)).map((e) => e.data)).toEqual([{ by: 7, total: 7 }])
  })

  it('lets concurrent writers all land, each on the total the one before left', async () => {
    const id = stream()
    await Promise.all([1, 2, 3, 4].map((by) => handleCommand(store, id, counter, { type: 'Add', data: { by } }, {})))
    const stored = await store.readStream(id)
    expect(stored).toHaveLength(4)
    expect(stored.at(-1)!.data).toMatchObject({ total: 10 })
    let total = 0
    for (const e of stored as unknown as CounterEvent[]) expect(e.data.total).toBe((total += e.data.by))
  })

  it('gives up with WrongExpectedRevisionError after five refused appends', async () => {
    const id = stream()
    const racing = interleaved(store, () => handleCommand(store, id, counter, { type: 'Add', data: { by: 1 } }, {}).then(() => {}))
    await expect(handleCommand(racing, id, counter, { type: 'Add', data: { by: 100 } }, {})).rejects.toBeInstanceOf(WrongExpectedRevisionError)
    expect(racing.appends).toBe(5)
    expect((await store.readStream(id)).map((e) => (e.data as { by: number }).by)).toEqual([1, 1, 1, 1, 1])
  })

  it('decides first on a state the caller holds, without reading; a concurrent write makes it read afresh and says so', async () => {
    const id = stream()
    const held = await handleCommand(store, id, counter, { type: 'Add', data: { by: 1 } }, {})
    const counting = interleaved(store, async () => {})
    const next = await handleCommand(counting, id, counter, { type: 'Add', data: { by: 2 } }, {}, { known: { state: held.state, revision: held.revision } })
    expect(next.state).toEqual({ total: 3, revisions: [0, 1] })
    expect(await store.readStream(id)).toHaveLength(2)

    await handleCommand(store, id, counter, { type: 'Add', data: { by: 10 } }, {}) // behind the holder's back
    const conflicts: WrongExpectedRevisionError[] = []
    const reads = { n: 0 }
    const watched = interleaved(store, async () => void reads.n++)
    const fresh = await handleCommand(watched, id, counter, { type: 'Add', data: { by: 100 } }, {}, {
      known: { state: next.state, revision: next.revision },
      onConflict: (error) => conflicts.push(error),
    })
    expect(reads.n).toBe(1)
    expect(conflicts.map((e) => [e.expected, e.actual])).toEqual([[1, 2]])
    expect(fresh.state.total).toBe(113)
    expect(fresh.revision).toBe(3)
  })

  it('appends to a stream that does not exist yet only as its first event (a held initial state at revision -1)', async () => {
    const id = stream()
    await handleCommand(store, id, counter, { type: 'Add', data: { by: 5 } }, {})
    const handled = await handleCommand(store, id, counter, { type: 'AddOnce', data: { by: 1 } }, {}, { known: { state: counter.initialState, revision: -1 } })
    expect(handled.events).toEqual([]) // refused as no_stream, read afresh: the total is 5, AddOnce adds nothing
    expect(await store.readStream(id)).toHaveLength(1)
  })
})
