/** Paths probed every few seconds (health checks, scrapes): their requests are logged at debug. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics'])

/**
 * The level of a request's log line. A 4xx is the caller's mistake and a 503 an ordinary "not now"
 * (shutting down, not ready, a session not connected): neither is the gateway's error. Other 5xx are.
 */
export function requestLogLevel(path: string, status: number): 'debug' | 'info' | 'warn' | 'error' {
  if (QUIET_PATHS.has(path)) return 'debug'
  if (status === 503) return 'warn'
  return status >= 500 ? 'error' : 'info'
}
