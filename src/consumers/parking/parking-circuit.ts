import { backoffDelay, type BackoffPolicy } from '../../domain/retry/backoff.ts'

export interface ParkingCircuitPolicy {
  /** This many parkings by one consumer within `windowMs` open the circuit... */
  readonly threshold: number
  readonly windowMs: number
  /** ...and pause the consumer this long (growing while it keeps tripping), before it tries again. */
  readonly pause: BackoffPolicy
}

/** 20 parkings within a minute: not 20 bad events but an outage the error classifier took for one. */
export const DEFAULT_PARKING_CIRCUIT: ParkingCircuitPolicy = { threshold: 20, windowMs: 60_000, pause: { baseMs: 5_000, maxMs: 300_000 } }

/**
 * One consumer's parkings: when they come thick and fast, the cause is most likely not in the events
 * but around them (the database failed over, a table is missing), and parking on would park the
 * whole log. The circuit opens: the consumer pauses, with backoff, instead.
 */
export class ParkingCircuit {
  readonly #policy: ParkingCircuitPolicy
  readonly #random: () => number
  #recent: number[] = []
  #trips = 0
  #lastTripAt = -Infinity

  constructor(policy: ParkingCircuitPolicy = DEFAULT_PARKING_CIRCUIT, random = Math.random) {
    this.#policy = policy
    this.#random = random
  }

  /** Counts one parking at `now` (ms). Answers how long the consumer should pause: 0 while the circuit is closed. */
  record(now: number): number {
    const { threshold, windowMs, pause } = this.#policy
    this.#recent = this.#recent.filter((t) => now - t < windowMs)
    this.#recent.push(now)
    if (this.#recent.length < threshold) return 0
    // A calm spell since the last trip starts the backoff over.
    this.#trips = now - this.#lastTripAt > windowMs + pause.maxMs ? 1 : this.#trips + 1
    this.#lastTripAt = now
    this.#recent = []
    return backoffDelay(this.#trips, pause, this.#random)
  }
}
