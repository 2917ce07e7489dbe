import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { EventStore, StoredEvent } from '../domain/ports/event-store.ts'
import { sleep } from '../domain/retry/sleep.ts'
import { isTransientError } from '../domain/retry/transient-error.ts'
import { catchUp } from './catch-up.ts'
import type { EventSource } from './event-source.ts'
import { claimCheckpoint } from './checkpoints/claim-checkpoint.ts'
import { readCheckpoint } from './checkpoints/read-checkpoint.ts'
import { storeCheckpoint } from './checkpoints/store-checkpoint.ts'
import type { CheckpointTables } from './checkpoints/tables.ts'
import type { Projection } from './projection.ts'
import type { EventParking } from './parking/event-parking.ts'
import { parkEvent } from './parking/park-event.ts'
import type { ParkedEventsTables } from './parking/tables.ts'

export interface ProjectionRunnerOptions {
  readonly db: Kysely<CheckpointTables>
  readonly store: EventStore
  /** Where the catch-up loops read: the process's shared feed; the store itself when absent. */
  readonly feed?: EventSource
  readonly logger: Logger
  readonly projections: readonly Projection[]
  readonly batchSize?: number
  /** Where an event a projection cannot apply goes; without it, a failing batch is retried forever. */
  readonly parking?: EventParking
}

/**
 * Hears each batch a projection has handled: the events read for it, and where the projection now
 * stands, past the last of them when another node had handled more (the events between were not read here).
 */
export type ProgressListener = (events: readonly StoredEvent[], position: bigint) => void

interface Running {
  readonly projection: Projection
  position: bigint
  controller: AbortController
  loop: Promise<void>
  readonly progress: Set<ProgressListener>
}

/**
 * Keeps every projection caught up with the store. Each batch is applied and checkpointed in one
 * transaction; the checkpoint row is locked and compared first, so several nodes may run the same
 * projection and each batch still lands once.
 */
export class ProjectionRunner {
  readonly #options: ProjectionRunnerOptions
  readonly #running = new Map<string, Running>()

  constructor(options: ProjectionRunnerOptions) {
    this.#options = options
    const names = new Set<string>()
    for (const p of options.projections) {
      if (names.has(p.name)) throw new Error(`two projections are named ${p.name}`)
      names.add(p.name)
    }
  }

  async start(): Promise<void> {
    for (const projection of this.#options.projections) await this.#start(projection)
  }

  async #start(projection: Projection): Promise<void> {
    const position = await readCheckpoint(this.#options.db, projection.name)
    const controller = new AbortController()
    const running: Running = {
      projection,
      position,
      controller,
      loop: Promise.resolve(),
      progress: this.#running.get(projection.name)?.progress ?? new Set(),
    }
    this.#running.set(projection.name, running)
    running.loop = catchUp({
      name: projection.name,
      source: this.#options.feed ?? this.#options.store,
      after: position,
      signal: controller.signal,
      logger: this.#options.logger,
      batchSize: this.#options.batchSize,
      handle: (events) => this.#applyBatch(running, events),
      isolate: this.#options.parking ? (events, _error, progressed) => this.#isolate(running, events, progressed) : undefined,
    })
  }

  /**
   * A batch failed for good: applies it one event per transaction, each moving the checkpoint, and
   * parks the event that fails, in the transaction that moves the checkpoint past it. The others and
   * the later events flow on. Each step reports its progress, so a transient error halfway resumes
   * after the events already committed; an event at or below the committed checkpoint is never applied.
   */
  async #isolate(running: Running, events: readonly StoredEvent[], progressed: (position: bigint) => void): Promise<bigint> {
    const { projection } = running
    const parking = this.#options.parking!
    for (const event of events) {
      const relevant = !projection.eventTypes || projection.eventTypes.includes(event.type)
      const step = (work: (trx: Kysely<any>) => Promise<void>) =>
        this.#options.db.transaction().execute(async (trx) => {
          const stored = await claimCheckpoint(trx, projection.name)
          if (stored !== running.position || event.position <= stored) return stored
          await work(trx)
          await storeCheckpoint(trx, projection.name, event.position)
          return event.position
        })
      let next: bigint
      try {
        next = await step(async (trx) => {
          if (relevant) await projection.apply(trx, [event])
        })
      } catch (error) {
        if (isTransientError(error)) throw error
        const record = parking.record(projection.name, event, error)
        let first = true
        next = await step(async (trx) => {
          first = await parkEvent(trx as Kysely<ParkedEventsTables>, record)
        })
        if (next === event.position) {
          const pauseMs = await parking.announce(record, first)
          if (pauseMs > 0) await sleep(pauseMs, running.controller.signal) // the parking circuit: an outage, likelier than bad events
        }
      }
      running.position = next
      progressed(next)
      for (const notify of running.progress) notify([event], next)
      if (next !== event.position) return next // another instance moved the checkpoint (or it was applied already): go on from there
      if (running.controller.signal.aborted) break // stopping (say, during a pause of the parking circuit)
    }
    return running.position
  }

  /**
   * An operator's retry of a parked event: applies it again in `trx` (the caller's, which claims the
   * parked row), leaving the checkpoint where it is. It lands after the events that followed it.
   */
  async reapply(name: string, event: StoredEvent, trx?: Kysely<any>): Promise<void> {
    const { projection } = this.#get(name)
    if (projection.eventTypes && !projection.eventTypes.includes(event.type)) return
    if (trx) await projection.apply(trx, [event])
    else await this.#options.db.transaction().execute((t) => projection.apply(t, [event]))
  }

  /** The names of the projections this runner keeps. */
  get names(): string[] {
    return this.#options.projections.map((p) => p.name)
  }

  async #applyBatch(running: Running, events: readonly StoredEvent[]): Promise<bigint> {
    const { projection } = running
    const last = events.at(-1)!.position
    const t0 = performance.now()
    let relevant: readonly StoredEvent[] = []
    const next = await this.#options.db.transaction().execute(async (trx) => {
      const stored = await claimCheckpoint(trx, projection.name)
      // Another instance moved it (ran ahead, or rebuilt): go on from there instead.
      if (stored !== running.position || last <= stored) return stored
      // Never twice: a batch read from behind the checkpoint (a retry after a partial isolation) skips what it covers.
      relevant = events.filter((e) => e.position > stored && (!projection.eventTypes || projection.eventTypes.includes(e.type)))
      if (relevant.length > 0) await projection.apply(trx, relevant)
      await storeCheckpoint(trx, projection.name, last)
      return last
    })
    running.position = next
    this.#options.logger.debug(
      { projection: projection.name, events: events.length, applied: relevant.length, ms: Math.round(performance.now() - t0), lagMs: Date.now() - events.at(-1)!.occurredAt.getTime() },
      'projection batch',
    )
    for (const notify of running.progress) notify(events, next)
    return next
  }

  /** The position a projection has applied up to, on this node's knowledge. */
  position(name: string): bigint {
    return this.#get(name).position
  }

  /** Calls `listener` with each batch the projection has handled (here, or found handled by another node), once it is committed. */
  onProgress(name: string, listener: ProgressListener): () => void {
    const { progress } = this.#get(name)
    progress.add(listener)
    return () => progress.delete(listener)
  }

  /**
   * Read-your-writes: resolves true once the projection has applied `position`, false after the timeout
   * (the caller answers with what it has, or tells the client to retry).
   */
  waitFor(name: string, position: bigint, timeoutMs = 5000): Promise<boolean> {
    const running = this.#get(name)
    if (running.position >= position) return Promise.resolve(true)
    this.#options.store.notifyAppended()
    return new Promise((resolve) => {
      const check = () => {
        if (this.#get(name).position < position) return
        finish(true)
      }
      const finish = (reached: boolean) => {
        clearTimeout(timer)
        running.progress.delete(check)
        resolve(reached)
      }
      const timer = setTimeout(() => finish(false), timeoutMs)
      running.progress.add(check)
    })
  }

  /** Empties the read model and replays the whole log into it. */
  async rebuild(name: string): Promise<void> {
    const running = this.#get(name)
    running.controller.abort()
    await running.loop
    await this.#options.db.transaction().execute(async (trx) => {
      await claimCheckpoint(trx, name)
      await running.projection.reset(trx)
      await storeCheckpoint(trx, name, 0n)
    })
    await this.#start(running.projection)
  }

  async stop(): Promise<void> {
    for (const running of this.#running.values()) running.controller.abort()
    await Promise.all([...this.#running.values()].map((r) => r.loop))
  }

  #get(name: string): Running {
    const running = this.#running.get(name)
    if (!running) throw new Error(`no projection named ${name} is running`)
    return running
  }
}
