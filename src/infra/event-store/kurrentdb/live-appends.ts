import { END, type AllStreamSubscription, type KurrentDBClient } from '@kurrent/kurrentdb-client'
import type { Logger } from 'pino'
import { ourEvents } from './system-events.ts'

/** Pauses before resubscribing after the subscription dropped: doubling from the first, capped. */
const RESUBSCRIBE_MS = { first: 500, max: 30_000 }

/**
 * The store's live wake-ups: a subscription to $all from its end, our events only, calling `onAppend`
 * for each one, whichever node appended it. It carries no data (readers re-read the store), so after a
 * drop it simply subscribes again from the end; consumers' idle timeouts cover the gap.
 */
export class LiveAppends {
  readonly #client: KurrentDBClient
  readonly #onAppend: () => void
  readonly #logger: Pick<Logger, 'warn'> | undefined
  #subscription: AllStreamSubscription | undefined
  #retry: NodeJS.Timeout | undefined
  #failures = 0
  #closed = false

  constructor(client: KurrentDBClient, onAppend: () => void, logger?: Pick<Logger, 'warn'>) {
    this.#client = client
    this.#onAppend = onAppend
    this.#logger = logger
    this.#subscribe()
  }

  #subscribe(): void {
    if (this.#closed) return
    const subscription = this.#client.subscribeToAll({ fromPosition: END, filter: ourEvents() })
    this.#subscription = subscription
    subscription.on('data', () => {
      this.#failures = 0
      this.#onAppend()
    })
    subscription.on('confirmation', () => (this.#failures = 0))
    const dropped = (error?: Error) => {
      if (this.#subscription !== subscription || this.#closed) return
      this.#subscription = undefined
      void subscription.unsubscribe().catch(() => {})
      const delay = Math.min(RESUBSCRIBE_MS.first * 2 ** this.#failures++, RESUBSCRIBE_MS.max)
      this.#logger?.warn({ err: error, retryInMs: delay }, 'KurrentDB subscription to $all dropped; resubscribing (consumers poll meanwhile)')
      this.#retry = setTimeout(() => this.#subscribe(), delay)
      // An append may have happened while nobody listened.
      this.#onAppend()
    }
    subscription.on('error', (error) => dropped(error))
    subscription.on('end', () => dropped())
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#retry)
    const subscription = this.#subscription
    this.#subscription = undefined
    await subscription?.unsubscribe().catch(() => {})
  }
}
