import { randomUUID } from 'node:crypto'
import type { KurrentDBClient } from '@kurrent/kurrentdb-client'
import type { Logger } from 'pino'
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, StoredEvent } from '../../../domain/ports/event-store.ts'
import { Pulse } from '../../../domain/signals/pulse.ts'
import { alignAfter } from './align-after.ts'
import { appendEvents } from './append-events.ts'
import { normalizeExpected } from './expected-state.ts'
import { LiveAppends } from './live-appends.ts'
import { positionAt } from './position-at.ts'
import { readAll } from './read-all.ts'
import { readHeadPosition } from './read-head-position.ts'
import { readStream } from './read-stream.ts'

/**
 * The event store on KurrentDB (EventStoreDB): streams are KurrentDB streams, the global log is $all
 * without the server's own events, positions are log offsets (kurrentdb-position.ts). Waiters wake on
 * this node's appends and on every node's through a live subscription to $all.
 */
export class KurrentDbEventStore implements EventStore {
  readonly #client: KurrentDBClient
  readonly #pulse = new Pulse()
  readonly #live: LiveAppends

  constructor(client: KurrentDBClient, options: { logger?: Pick<Logger, 'warn'> } = {}) {
    this.#client = client
    this.#live = new LiveAppends(client, () => this.#pulse.fire(), options.logger)
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision = 'any'): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event')
    const normalized = normalizeExpected(expected)
    const result = await appendEvents(this.#client, streamId, events.map((e) => ({ ...e, id: e.id ?? randomUUID() })), normalized)
    this.#pulse.fire()
    return result
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return readStream(this.#client, streamId, options)
  }

  readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return readAll(this.#client, options)
  }

  headPosition(): Promise<bigint> {
    return readHeadPosition(this.#client)
  }

  positionAt(time: Date): Promise<bigint> {
    return positionAt(this.#client, time)
  }

  alignAfter(after: bigint): Promise<bigint> {
    return alignAfter(this.#client, after)
  }

  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.#pulse.wait(timeoutMs, signal)
  }

  notifyAppended(): void {
    this.#pulse.fire()
  }

  async close(): Promise<void> {
    this.#pulse.fire()
    await this.#live.close()
    await this.#client.dispose()
  }
}
