import type { ThrottlePolicy } from './login-throttle.ts'

// The login limits; README's *Login limits* states them.

const MINUTE = 60_000

/** An account: 3 free failures, then 5 s, 10 s, 20 s … between attempts, locked for 15 min at 10. */
export const ACCOUNT_THROTTLE: ThrottlePolicy = { freeFailures: 3, baseDelayMs: 5000, maxDelayMs: 5 * MINUTE, lockAfter: 10, lockMs: 15 * MINUTE, windowMs: 15 * MINUTE }
/** A client address (maybe a whole office behind NAT): 10 free, then doubling from 5 s, locked at 30. */
export const ADDRESS_THROTTLE: ThrottlePolicy = { freeFailures: 10, baseDelayMs: 5000, maxDelayMs: 5 * MINUTE, lockAfter: 30, lockMs: 15 * MINUTE, windowMs: 15 * MINUTE }
/** While an account is locked, this many wrong guesses from addresses that never failed are let through it (15 min window), then none. */
export const FRESH_ADDRESS_GUESSES = 5
/** Counts those guesses per account: only its `failures` and window matter. */
export const FRESH_GUESS_COUNT: ThrottlePolicy = { freeFailures: FRESH_ADDRESS_GUESSES, baseDelayMs: 0, maxDelayMs: 0, lockAfter: FRESH_ADDRESS_GUESSES, lockMs: 15 * MINUTE, windowMs: 15 * MINUTE }
