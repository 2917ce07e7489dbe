import type { Logger } from 'pino'
import type { EventStore, ReadAllOptions, StoredEvent } from '../domain/ports/event-store.ts'
import { backoffDelay } from '../domain/retry/backoff.ts'
import { sleep } from '../domain/retry/sleep.ts'
import { Pulse } from '../domain/signals/pulse.ts'
import { CONSUMER_BACKOFF } from './catch-up.ts'
import type { EventSource } from './event-source.ts'

/** The longest pause between reads while a committed append is still hidden from `readAll`. */
const CHASE_MAX_MS = 64

export interface SharedEventFeedOptions {
  readonly store: EventStore
  readonly logger: Logger
  /** How many recent events the window keeps: a consumer further behind reads the store itself. */
  readonly capacity?: number
  readonly batchSize?: number
  /** A safety net under the store's append notifications. */
  readonly idleMs?: number
}

/**
 * The one puller of a process: reads each appended batch from the store once and keeps the latest
 * events in a window every consumer reads from, each from its own checkpoint. A consumer that has
 * fallen behind the window (a rebuild, a slow or stopped one) reads the store itself until it is
 * back inside, so no consumer holds another back, and the memory held is bounded by `capacity`.
 *
 * The window is contiguous: it holds every event in (`#after`, `#head`], read in order from the
 * store's gap-safe `readAll`, so a slice of it is what the store would have answered.
 */
export class SharedEventFeed implements EventSource {
  readonly #store: EventStore
  readonly #logger: Logger
  readonly #capacity: number
  readonly #batchSize: number
  readonly #idleMs: number
  readonly #controller = new AbortController()
  #window: StoredEvent[] = []
  /** Exclusive lower bound of the window. */
  #after = 0n
  /** The last position pulled. */
  #head = 0n
  readonly #grown = new Pulse()
  #loop: Promise<void> | undefined
  #pulls = 0
  /** The last position this process knows was committed: its own appends, and the bus's news of others'. */
  #known = 0n

  constructor(options: SharedEventFeedOptions) {
    this.#store = options.store
    this.#logger = options.logger
    this.#capacity = options.capacity ?? 5000
    this.#batchSize = options.batchSize ?? 500
    this.#idleMs = options.idleMs ?? 1000
  }

  /** Starts pulling at the store's head: what lies before is read from the store by whoever needs it. */
  async start(): Promise<void> {
    this.#after = this.#head = this.#known = await this.#store.headPosition()
    this.#loop = this.#pull()
  }

  async stop(): Promise<void> {
    this.#controller.abort()
    this.#wake()
    await this.#loop
  }

  /**
   * An append committed up to `position` (here, or on another node, heard on the bus). A committed event
   * can stay out of `readAll` for a moment, behind a transaction that started before it and still runs;
   * knowing the position, the feed reads again shortly instead of waiting for the next append.
   */
  appended(position: bigint): void {
    if (position <= this.#known) return
    this.#known = position
    this.#store.notifyAppended()
  }

  /** How many times the feed has read the store (for the benchmark and the tests). */
  get pulls(): number {
    return this.#pulls
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after ?? 0n
    const limit = options.limit ?? this.#batchSize
    if (after < this.#after || this.#loop === undefined) return this.#store.readAll({ after, limit })
    return this.#slice(after, limit)
  }

  /** Resolves when the window grows (or the timeout passes, or the signal aborts). */
  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.#grown.wait(timeoutMs, signal)
  }

  #slice(after: bigint, limit: number): StoredEvent[] {
    const window = this.#window
    // The first event past `after`: positions are strictly increasing, so a binary search finds it.
    let low = 0
    let high = window.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (window[mid]!.position <= after) low = mid + 1
      else high = mid
    }
    return window.slice(low, low + limit)
  }

  async #pull(): Promise<void> {
    const signal = this.#controller.signal
    let failures = 0
    let chase = 0
    while (!signal.aborted) {
      // Listen before reading, so an append between the read and the wait is not slept through.
      const news = new AbortController()
      const woken = this.#store.waitForAppend(this.#idleMs, AbortSignal.any([signal, news.signal]))
      try {
        this.#pulls++
        const events = await this.#store.readAll({ after: this.#head, limit: this.#batchSize })
        failures = 0
        if (events.length > 0) this.#add(events)
        if (events.length === this.#batchSize) {
          news.abort() // more to read at once
          continue
        }
        if (this.#head < this.#known) {
          // Committed but not visible yet: look again soon, a little later each time.
          news.abort()
          chase++
          await sleep(Math.min(2 ** chase, CHASE_MAX_MS), signal)
          continue
        }
        chase = 0
        await woken
        // One append wakes twice (the store's pulse, then its position): let both land before reading.
        await new Promise((resolve) => setImmediate(resolve))
      } catch (error) {
        news.abort()
        if (signal.aborted) break
        failures++
        const delay = backoffDelay(failures, CONSUMER_BACKOFF)
        this.#logger.error({ err: error, consumer: 'event-feed', after: this.#head.toString(), failures, retryInMs: delay }, 'event feed read failed; retrying')
        await sleep(delay, signal)
      }
    }
  }

  #add(events: readonly StoredEvent[]): void {
    this.#window.push(...events)
    this.#head = events.at(-1)!.position
    if (this.#head > this.#known) this.#known = this.#head
    const excess = this.#window.length - this.#capacity
    if (excess > 0) {
      this.#after = this.#window[excess - 1]!.position
      this.#window = this.#window.slice(excess)
    }
    this.#wake()
  }

  #wake(): void {
    this.#grown.fire()
  }
}
