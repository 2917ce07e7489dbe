import type { Logger } from 'pino'
import { isTransientError } from '../../domain/retry/transient-error.ts'
import type { EventParking, FailedEvent } from './event-parking.ts'

/**
 * The poison rule for a reactor that works from a read model (schedules due, broadcasts running,
 * auto-replies pending) rather than from the log: an item whose work fails on a transient error is
 * tried again at the next look; one that fails otherwise is parked (with the event behind it) and
 * skipped from then on, so it neither spins nor holds the items after it. An operator's retry of the
 * parked event hands the item back to the reactor.
 */
export class PoisonGuard {
  readonly #consumer: string
  readonly #parking: EventParking | undefined
  readonly #log: Logger
  readonly #skipped = new Set<string>()

  constructor(options: { consumer: string; parking?: EventParking; logger: Logger }) {
    this.#consumer = options.consumer
    this.#parking = options.parking
    this.#log = options.logger
    this.#parking?.register(this.#consumer, async (event) => {
      const key = (event.data as { guardKey?: unknown } | null)?.guardKey
      this.#skipped.delete(typeof key === 'string' ? key : event.id)
    })
  }

  /** Parked: the reactor leaves it alone until an operator retries it. */
  skips(key: string): boolean {
    return this.#skipped.has(key)
  }

  /**
   * Runs the work for `key`. Answers false when it failed: a transient failure is only logged (the next
   * look retries it); any other parks `event` and skips `key` from then on.
   */
  async run(key: string, event: () => FailedEvent | Promise<FailedEvent>, work: () => Promise<void>): Promise<boolean> {
    try {
      await work()
      return true
    } catch (error) {
      if (isTransientError(error) || !this.#parking) {
        this.#log.error({ err: error, consumer: this.#consumer, key }, 'reactor step failed; trying again at the next look')
        return false
      }
      this.#skipped.add(key)
      try {
        await this.#parking.park(this.#consumer, await event(), error)
      } catch (parkError) {
        this.#log.error({ err: error, parkError, consumer: this.#consumer, key }, 'reactor step failed for good and could not be parked; skipped until a restart')
      }
      return false
    }
  }
}

/** The event a reactor parks for an item it cannot handle: the item's key, in the stream it came from. */
export function reactorEvent(id: string, type: string, streamId: string, guardKey: string): FailedEvent {
  return { id, type, streamId, data: { guardKey } }
}
