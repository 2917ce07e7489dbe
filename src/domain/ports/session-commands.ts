import type { SendRequest } from '../messages/outbound.ts'
import type { SessionStatus } from '../session/session-events.ts'
import type { EventMetadata } from './event-store.ts'

/**
 * What reactors (broadcasts, schedules, auto-replies) need of sessions: the ones this node hosts, and
 * a send through a hosted session's outbound queue. The actors layer implements it; a reactor acts
 * only on sessions hosted here (the node that hosts the others acts on theirs).
 */
export interface SessionCommands {
  /** The session when this node hosts it now; undefined when it runs elsewhere or nowhere. */
  hosted(sessionId: string): HostedSession | undefined
  /** The ids of the sessions this node hosts now. */
  hostedSessionIds(): string[]
}

export interface HostedSession {
  readonly status: SessionStatus
  /**
   * Sends through the session's outbound queue (paced, in order). `messageId` fixes WhatsApp's id, so
   * a resend after a crash is a duplicate WhatsApp drops; an `idempotencyKey` answers a repeat with the
   * first result. Throws a domain error (code SESSION_NOT_CONNECTED, CONFLICT, …) when it cannot.
   */
  send(request: SendRequest, cause: EventMetadata): Promise<SentMessage>
}

/** What a send answers. */
export interface SentMessage {
  readonly keyId: string
  readonly remoteJid: string
  readonly timestamp: number
  /** Where the sent message's record landed, for read-your-writes; null when it was not recorded (yet). */
  readonly position: string | null
}
