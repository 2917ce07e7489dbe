import type { Logger } from 'pino'
import { sleep } from '../../domain/retry/sleep.ts'
import { isTransientError } from '../../domain/retry/transient-error.ts'
import type { EventParking, FailedEvent } from './event-parking.ts'

/**
 * The poison rule for a reactor that works from a read model (schedules due, broadcasts running,
 * auto-replies pending) rather than from the log: an item whose work fails on a transient error is
 * tried again at the next look; one that fails otherwise is parked (with the event behind it) and
 * skipped for as long as its `parked_events` row is unresolved, on every node and after a restart. An
 * operator's retry runs the item's step at once (`retry`), and resolves the row only when it worked.
 */
export class PoisonGuard {
  readonly #consumer: string
  readonly #parking: EventParking | undefined
  readonly #log: Logger
  readonly #signal: AbortSignal | undefined
  /** Items that failed for good but whose parking could not be recorded (the database away): skipped here until a restart. */
  readonly #unrecorded = new Set<string>()

  constructor(options: {
    consumer: string
    parking?: EventParking
    logger: Logger
    /** Cuts short a pause of the parking circuit (the reactor stops). */
    signal?: AbortSignal
    /** An operator's retry: the item's work, run now; throws when it cannot be done (again, or not now). */
    retry: (key: string) => Promise<void>
  }) {
    this.#consumer = options.consumer
    this.#parking = options.parking
    this.#log = options.logger
    this.#signal = options.signal
    this.#parking?.register(this.#consumer, async (event) => {
      await options.retry(guardKeyOf(event.data) ?? event.id)
      this.#unrecorded.delete(guardKeyOf(event.data) ?? event.id)
    })
  }

  /** The keys the reactor leaves alone: those parked and not yet resolved. Read once per look. */
  async skipped(): Promise<ReadonlySet<string>> {
    if (!this.#parking) return this.#unrecorded
    const keys = new Set(this.#unrecorded)
    for (const row of await this.#parking.unresolved(this.#consumer)) keys.add(guardKeyOf(row.payload === null ? null : (JSON.parse(row.payload) as { data?: unknown }).data) ?? row.event_id)
    return keys
  }

  /**
   * Runs the work for `key`. Answers 'failed' for a transient failure (only logged: the next look
   * retries it) and 'parked' for any other (`event` parked, `key` skipped from then on).
   */
  async run(key: string, event: () => FailedEvent | Promise<FailedEvent>, work: () => Promise<void>): Promise<'done' | 'failed' | 'parked'> {
    try {
      await work()
      return 'done'
    } catch (error) {
      if (isTransientError(error) || !this.#parking) {
        this.#log.error({ err: error, consumer: this.#consumer, key }, 'reactor step failed; trying again at the next look')
        return 'failed'
      }
      let pauseMs = 0
      try {
        pauseMs = await this.#parking.park(this.#consumer, await event(), error)
      } catch (parkError) {
        this.#unrecorded.add(key)
        this.#log.error({ err: error, parkError, consumer: this.#consumer, key }, 'reactor step failed for good and could not be parked; skipped on this node until a restart')
      }
      // The parking circuit: so many parked so fast that an outage is likelier; this step waits before the reactor goes on.
      if (pauseMs > 0) await sleep(pauseMs, this.#signal)
      return 'parked'
    }
  }
}

/** The event a reactor parks for an item it cannot handle: the item's key, in the stream it came from. */
export function reactorEvent(id: string, type: string, streamId: string, guardKey: string): FailedEvent {
  return { id, type, streamId, data: { guardKey } }
}

function guardKeyOf(data: unknown): string | undefined {
  const key = (data as { guardKey?: unknown } | null | undefined)?.guardKey
  return typeof key === 'string' ? key : undefined
}
