/**
 * Domain errors carry a stable `code`; the HTTP layer maps codes to statuses, and the bus keeps the
 * code when an error crosses to another node.
 */
export class DomainError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = new.target.name
    this.code = code
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('NOT_FOUND', message)
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message)
  }
}

export class ValidationError extends DomainError {
  constructor(message: string) {
    super('VALIDATION', message)
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message)
  }
}

/** The session's WhatsApp socket is not open: HTTP 503. */
export class SessionNotConnectedError extends DomainError {
  constructor(sessionId: string, status: string) {
    super('SESSION_NOT_CONNECTED', `session ${sessionId} is ${status}, not CONNECTED; start it and scan its QR, or wait for it to reconnect`)
  }
}

/** The node that owns the session could not be reached in time: HTTP 503. */
export class SessionUnavailableError extends DomainError {
  constructor(sessionId: string) {
    super('SESSION_UNAVAILABLE', `session ${sessionId} has no running owner right now; retry in a few seconds`)
  }
}

/** WhatsApp (or the socket) refused a send: HTTP 502, with WhatsApp's reason. */
export class SendFailedError extends DomainError {
  constructor(reason: string) {
    super('SEND_FAILED', `WhatsApp did not take the message: ${reason}`)
  }
}

/** Nothing to fall back on: the caller named no session and none of theirs is connected (HTTP 503). */
export class NoConnectedSessionError extends DomainError {
  constructor() {
    super('SESSION_NOT_CONNECTED', 'none of your sessions is CONNECTED; connect one, or name one with ?sessionId=')
  }
}

/** A feature the operator has not turned on: HTTP 403, with the switch to flip. */
export class FeatureDisabledError extends DomainError {
  constructor(message: string) {
    super('FEATURE_DISABLED', message)
  }
}
