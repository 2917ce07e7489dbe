/**
 * Whether an error is worth retrying as it is: the database or the bus went away or was busy, or two
 * writers collided. Anything else (bad data, a bug, a constraint) fails the same way every time; a
 * consumer parks the event that caused it instead of retrying it forever.
 */

/**
 * SQLSTATE classes and codes that pass: connection exceptions (08), insufficient resources (53, e.g.
 * 53300 too many connections), operator intervention (57, e.g. 57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now), system errors (58), lock and serialization conflicts, and
 * 25006 (read-only transaction: a failover left us on a standby for a moment).
 */
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '57', '58']
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '55006', '25P03', '25006', '57P01', '57P02', '57P03', '53300'])
/** Node's socket and DNS errors. */
const TRANSIENT_SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ENOTFOUND', 'EADDRNOTAVAIL'])
/** Our own and the drivers' wording for a connection that is gone or a concurrent write. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /connection (?:lost|closed|refused|reset)/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /cannot use a pool after calling end/i,
  /pglite is closed/i,
  /database is closed/i,
  /the database system is (?:starting up|shutting down)/i,
  /no responders/i,
  /\bTIMEOUT\b/,
]
/** Our domain's concurrency errors (by class name, so this module imports nothing). */
const TRANSIENT_NAMES = new Set(['WrongExpectedRevisionError', 'NoResponderError', 'TimeoutError'])

export function isTransientError(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== 'object') return false
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown }
    if (typeof code === 'string') {
      if (/^[0-9A-Z]{5}$/.test(code) && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2)))) return true
      if (TRANSIENT_SYSTEM_CODES.has(code)) return true
    }
    if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true
    if (typeof message === 'string' && TRANSIENT_MESSAGES.some((m) => m.test(message))) return true
    if (e instanceof AggregateError && e.errors.some(isTransientError)) return true
  }
  return false
}

/** A short description of an error for an operator: its message and SQLSTATE or system code. */
export function describeError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  const text = typeof message === 'string' && message ? message : String(error)
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text
}
