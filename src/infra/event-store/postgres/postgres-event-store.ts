import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import {
  DuplicateEventIdError,
  NO_STREAM_REVISION,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
} from '../../../domain/ports/event-store.ts'
import { Pulse } from '../../../domain/signals/pulse.ts'
import { appendEvents } from './append-events.ts'
import { readAll, readHeadPosition } from './read-all.ts'
import { positionAt } from './position-at.ts'
import { readEventsById } from './read-events-by-id.ts'
import { readStreamRevision } from './read-stream-revision.ts'
import { readStream } from './read-stream.ts'
import { EVENT_ID_CONSTRAINT, STREAM_REVISION_CONSTRAINT, type EventStoreTables } from './tables.ts'

/** The most events one append may carry: positions keep 20 bits for the ordinal. */
export const MAX_EVENTS_PER_APPEND = 100_000

const UNIQUE_VIOLATION = '23505'
/**
 * Racing `any` writers on one stream: each round one wins and the others retry on the new head, after a
 * short random pause that grows with their losses, so a busy stream never starves a writer. Past this
 * many rounds, something is wrong.
 */
const MAX_ANY_RETRIES = 1000

/** The event store on Postgres, whether a server (pg) or embedded (PGlite): the same SQL for both. */
export class PostgresEventStore implements EventStore {
  readonly #db: Kysely<EventStoreTables>
  readonly #pulse = new Pulse()
  readonly #onClose: () => Promise<void>

  constructor(db: Kysely<EventStoreTables>, options: { onClose?: () => Promise<void> } = {}) {
    this.#db = db
    this.#onClose = options.onClose ?? (async () => {})
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision = 'any'): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event')
    if (events.length > MAX_EVENTS_PER_APPEND) throw new RangeError(`append takes at most ${MAX_EVENTS_PER_APPEND} events`)
    const normalized = normalizeExpected(expected)
    const withIds = events.map((e) => ({ ...e, id: e.id ?? randomUUID() }))
    for (let attempt = 1; ; attempt++) {
      let written
      try {
        written = await appendEvents(this.#db, streamId, withIds, normalized)
      } catch (error) {
        const { code, constraint } = error as { code?: string; constraint?: string }
        if (code !== UNIQUE_VIOLATION) throw error
        const lostRace = constraint === STREAM_REVISION_CONSTRAINT
        if (lostRace && normalized === 'any' && attempt < MAX_ANY_RETRIES) {
          if (attempt > 3) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 50)))
          continue
        }
        return this.#repeatedAppend(streamId, withIds, normalized, constraint === EVENT_ID_CONSTRAINT)
      }
      if (!written) return this.#repeatedAppend(streamId, withIds, normalized, false)
      this.#pulse.fire()
      return { nextRevision: written.revision, position: written.position }
    }
  }

  /** Nothing was written: either these ids are already stored (a retry: answer as the first time) or a conflict. */
  async #repeatedAppend(
    streamId: string,
    events: ReadonlyArray<{ id: string }>,
    expected: ExpectedRevision,
    idClash: boolean,
  ): Promise<AppendResult> {
    const stored = await readEventsById(this.#db, events.map((e) => e.id))
    const sameAppend = stored.length === events.length && stored.every((e) => e.streamId === streamId)
    if (sameAppend) return resultOf(stored)
    if (idClash) throw new DuplicateEventIdError(stored[0]?.id ?? events[0]!.id)
    throw new WrongExpectedRevisionError(streamId, expected, await readStreamRevision(this.#db, streamId))
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return readStream(this.#db, streamId, options)
  }

  readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return readAll(this.#db, options)
  }

  headPosition(): Promise<bigint> {
    return readHeadPosition(this.#db)
  }

  positionAt(time: Date): Promise<bigint> {
    return positionAt(this.#db, time)
  }

  /** Every number is a bound here: positions are a sequence, readAll takes `position > after`. */
  async alignAfter(after: bigint): Promise<bigint> {
    return after < 0n ? 0n : after
  }

  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.#pulse.wait(timeoutMs, signal)
  }

  notifyAppended(): void {
    this.#pulse.fire()
  }

  async close(): Promise<void> {
    this.#pulse.fire()
    await this.#onClose()
  }
}

function normalizeExpected(expected: ExpectedRevision): ExpectedRevision {
  if (typeof expected !== 'number') return expected
  if (expected === NO_STREAM_REVISION) return 'no_stream'
  if (!Number.isInteger(expected) || expected < 0) throw new RangeError(`invalid expected revision ${expected}`)
  return expected
}

function resultOf(rows: ReadonlyArray<{ revision: number; position: bigint }>): AppendResult {
  let nextRevision = -1
  let position = 0n
  for (const row of rows) {
    if (row.revision > nextRevision) nextRevision = row.revision
    if (row.position > position) position = row.position
  }
  return { nextRevision, position }
}
