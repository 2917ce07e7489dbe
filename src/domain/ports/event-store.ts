/**
 * The event store port: the commit point of the whole system. Every adapter (Postgres on PGlite or a
 * server, KurrentDB) passes the same contract suite (src/infra/event-store/event-store.contract.ts);
 * where a store cannot promise something (KurrentDB: event ids unique across streams), the suite
 * says so by name.
 */

/** Who or what caused an event, for the audit log. Never a secret. */
export interface EventActor {
  readonly kind: 'user' | 'api-key' | 'system'
  readonly id: string
}

export interface EventMetadata {
  readonly actor?: EventActor
  readonly correlationId?: string
  readonly causationId?: string
  readonly nodeId?: string
  readonly schemaVersion?: number
  readonly [key: string]: unknown
}

/** An event about to be appended. `id` makes the append idempotent; one is generated when absent. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  readonly id?: string
  readonly type: Type
  readonly data: Data
  readonly metadata?: EventMetadata
}

/** An event as stored: its place in its stream (`revision`, from 0) and in the global log (`position`). */
export interface StoredEvent<Type extends string = string, Data = unknown> {
  readonly id: string
  readonly type: Type
  readonly streamId: string
  readonly revision: number
  /** Global position: strictly increasing in the order readers see events; not dense. */
  readonly position: bigint
  readonly occurredAt: Date
  readonly data: Data
  readonly metadata: EventMetadata
}

/**
 * What the writer expects of the stream before its append: `any` (no check), `no_stream` (must not
 * exist), `exists` (must exist), or the revision of the stream's last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'exists' | number

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  readonly nextRevision: number
  /** Global position of the last appended event: what read-your-writes waits for. */
  readonly position: bigint
}

export interface ReadStreamOptions {
  readonly fromRevision?: number
  readonly maxCount?: number
}

export interface ReadAllOptions {
  /** Exclusive lower bound; 0n (the default) reads from the beginning. */
  readonly after?: bigint
  readonly limit?: number
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], expected?: ExpectedRevision): Promise<AppendResult>
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>
  /** Events after a position in global order. Gap-safe: nothing committing later can land before the last event returned. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>
  /** Position of the last event a reader can see now (0n when empty): where a live-only reader starts. */
  headPosition(): Promise<bigint>
  /**
   * Replay by time: a position after which `readAll` starts with the first event recorded at or after
   * `time` (nothing older comes first); the head when no event is that recent.
   */
  positionAt(time: Date): Promise<bigint>
  /**
   * For a position from outside (a replay's `fromPosition - 1`): a bound `readAll` can start from that
   * yields the same events as "after `after`". Postgres: the number itself; KurrentDB, whose reads must
   * start at a record: the last event at or before it (0n when none).
   */
  alignAfter(after: bigint): Promise<bigint>
  /**
   * Resolves at the next append the store learns of (its own appends; Postgres: a bus notice through
   * `notifyAppended`; KurrentDB: its live subscription to `$all`, which sees every node's appends), or
   * when the signal aborts or the timeout passes.
   */
  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void>
  /** Wakes the waiters, e.g. when the bus tells of an append on another node. */
  notifyAppended(): void
  close(): Promise<void>
}

export class WrongExpectedRevisionError extends Error {
  readonly streamId: string
  readonly expected: ExpectedRevision
  /** The stream's actual last revision, or -1 when it does not exist. */
  readonly actual: number

  constructor(streamId: string, expected: ExpectedRevision, actual: number) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${actual === -1 ? 'no stream' : actual}`)
    this.name = 'WrongExpectedRevisionError'
    this.streamId = streamId
    this.expected = expected
    this.actual = actual
  }
}

/**
 * An event id already stored in another stream (Postgres and PGlite refuse it; KurrentDB cannot tell,
 * as it keeps event ids unique per stream only). A repeat of a whole batch already in the same stream
 * is a retry, answered with the first result, whatever the content.
 */
export class DuplicateEventIdError extends Error {
  readonly eventId: string
  constructor(eventId: string) {
    super(`event ${eventId} was already appended with other content or to another stream`)
    this.name = 'DuplicateEventIdError'
    this.eventId = eventId
  }
}

export const NO_STREAM_REVISION = -1
