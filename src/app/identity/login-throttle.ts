/** How failed logins of one key (an account, or a client address) slow it down and then lock it. */
export interface ThrottlePolicy {
  /** Failures that cost nothing (typos). */
  readonly freeFailures: number
  /** The wait after the first failure past the free ones; it doubles with each further failure... */
  readonly baseDelayMs: number
  /** ...up to this. */
  readonly maxDelayMs: number
  /** With this many failures the key is locked for lockMs. */
  readonly lockAfter: number
  readonly lockMs: number
  /** Failures are forgotten this long after the last one. */
  readonly windowMs: number
}

interface Failures {
  count: number
  lastAt: number
}

/**
 * Counts failed logins per key, in memory, with a bounded number of keys (the oldest go first).
 * `waitMs` says how long the key must wait before its next attempt: 0 while the failures are free,
 * then an exponentially growing delay, then the lock.
 */
export class LoginThrottle {
  readonly #policy: ThrottlePolicy
  readonly #now: () => number
  readonly #maxKeys: number
  readonly #failures = new Map<string, Failures>()

  constructor(policy: ThrottlePolicy, options: { now?: () => number; maxKeys?: number } = {}) {
    this.#policy = policy
    this.#now = options.now ?? Date.now
    this.#maxKeys = options.maxKeys ?? 100_000
  }

  /** Failures still remembered for the key. */
  failures(key: string): number {
    return this.#current(key)?.count ?? 0
  }

  waitMs(key: string): number {
    const failures = this.#current(key)
    if (!failures) return 0
    const { freeFailures, baseDelayMs, maxDelayMs, lockAfter, lockMs } = this.#policy
    if (failures.count < freeFailures) return 0
    const pause = failures.count >= lockAfter ? lockMs : Math.min(maxDelayMs, baseDelayMs * 2 ** (failures.count - freeFailures))
    return Math.max(0, failures.lastAt + pause - this.#now())
  }

  /** Whether the key is in its lock (not merely slowed down). */
  locked(key: string): boolean {
    return this.failures(key) >= this.#policy.lockAfter && this.waitMs(key) > 0
  }

  recordFailure(key: string): void {
    const count = this.failures(key) + 1
    this.#failures.delete(key) // re-inserted last: the map's order is the order of last use
    this.#failures.set(key, { count, lastAt: this.#now() })
    if (this.#failures.size > this.#maxKeys) this.#failures.delete(this.#failures.keys().next().value!)
  }

  /** Restarts the wait from now (a failure is known only when its password check ends). */
  touch(key: string): void {
    const failures = this.#current(key)
    if (failures) failures.lastAt = this.#now()
  }

  /** Takes back one failure (an attempt counted before it was known to succeed). */
  forgive(key: string): void {
    const failures = this.#current(key)
    if (failures && --failures.count <= 0) this.#failures.delete(key)
  }

  reset(key: string): void {
    this.#failures.delete(key)
  }

  #current(key: string): Failures | undefined {
    const failures = this.#failures.get(key)
    if (failures && this.#now() - failures.lastAt > this.#policy.windowMs) {
      this.#failures.delete(key)
      return undefined
    }
    return failures
  }
}
