/** An error with an HTTP status, answered as `{ "error": message }`. */
export class HttpError extends Error {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.headers = headers
  }
}

/** Domain error codes (also carried across nodes by the bus) and the statuses they mean. */
export const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  FEATURE_DISABLED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SEND_FAILED: 502,
  SESSION_NOT_CONNECTED: 503,
  SESSION_UNAVAILABLE: 503,
}
