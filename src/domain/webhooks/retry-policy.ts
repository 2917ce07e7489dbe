/** How failed deliveries are retried: exponential backoff with jitter, within a window and a count. */
export interface RetryPolicy {
  /** Delay after the first failure; doubled after each further one. */
  readonly baseMs: number
  /** The longest delay between two attempts. */
  readonly maxDelayMs: number
  /** No retry is scheduled later than this after the first attempt of the round. */
  readonly windowMs: number
  /** Attempts per round (a redelivery or replay starts a new round). */
  readonly maxAttempts: number
  /**
   * Attempts per round when the receiver refuses the request itself (a 4xx other than 408, 425 and
   * 429): retrying the same body rarely helps, and the lane behind it should not wait a whole window.
   */
  readonly maxRefusedAttempts: number
  /** Spread of each delay: ±this fraction, so receivers that come back are not hit by every lane at once. */
  readonly jitter: number
}

export type RetryDecision = { readonly dead: true } | { readonly dead: false; readonly nextAttemptAt: Date }

/** A status with which the receiver refuses the request itself, rather than failing for now. */
export function isRefusal(statusCode: number | null): boolean {
  return statusCode !== null && statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 425 && statusCode !== 429
}

/**
 * After a failed attempt: when to try again, or that this was the last attempt (dead letter).
 * `attempts` counts this round's attempts including the one that just failed.
 */
export function afterFailure(
  policy: RetryPolicy,
  round: { readonly attempts: number; readonly startedAt: Date; readonly now: Date; readonly statusCode?: number | null },
  random: () => number = Math.random,
): RetryDecision {
  if (round.attempts >= policy.maxAttempts) return { dead: true }
  if (isRefusal(round.statusCode ?? null) && round.attempts >= policy.maxRefusedAttempts) return { dead: true }
  const exponent = Math.min(round.attempts - 1, 40)
  const delay = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** exponent)
  const jittered = Math.max(0, Math.round(delay * (1 - policy.jitter + 2 * policy.jitter * random())))
  const at = round.now.getTime() + jittered
  if (at - round.startedAt.getTime() > policy.windowMs) return { dead: true }
  return { dead: false, nextAttemptAt: new Date(at) }
}
