import { noMetrics, type Metrics } from '../../domain/ports/metrics.ts'
import { SerialQueue } from '../serial-queue.ts'

export interface PacingPolicy {
  /** Least time between two sends of one session. */
  readonly minIntervalMs: number
  /** Up to this much more, at random, so sends do not tick like a machine. */
  readonly jitterMs: number
}

export const DEFAULT_PACING: PacingPolicy = { minIntervalMs: 400, jitterMs: 600 }

/**
 * Every send of a session goes through this: one at a time, in the order asked, spaced by the pacing
 * policy. Broadcasts, schedules and auto-replies queue here too, so together they never burst.
 */
export class OutboundQueue {
  readonly #queue = new SerialQueue()
  readonly #pacing: PacingPolicy
  readonly #random: () => number
  readonly #metrics: Pick<Metrics, 'outboundPaced'>
  #lastSentAt = Number.NEGATIVE_INFINITY
  #waiting = 0

  constructor(pacing: PacingPolicy = DEFAULT_PACING, random = Math.random, metrics: Pick<Metrics, 'outboundPaced'> = noMetrics) {
    this.#pacing = pacing
    this.#random = random
    this.#metrics = metrics
  }

  /** Sends queued and not yet done. */
  get depth(): number {
    return this.#waiting
  }

  run<T>(send: () => Promise<T>): Promise<T> {
    this.#waiting++
    return this.#queue.run(async () => {
      try {
        const gap = this.#pacing.minIntervalMs + this.#random() * this.#pacing.jitterMs
        const wait = this.#lastSentAt + gap - Date.now()
        this.#metrics.outboundPaced(Math.max(0, wait) / 1000)
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        try {
          return await send()
        } finally {
          this.#lastSentAt = Date.now()
        }
      } finally {
        this.#waiting--
      }
    })
  }
}
