import { sessionIdOfStream } from '../streams.ts'

/** The seed's webhook body: `{ event, sessionId, timestamp, data }`. */
export interface WebhookPayload {
  readonly event: string
  readonly sessionId: string
  /** When the gateway recorded the event (ISO 8601). */
  readonly timestamp: string
  readonly data: unknown
}

/** The payload for a stored event of a session, or null for events that belong to no session. */
export function webhookPayload(event: { type: string; streamId: string; occurredAt: Date; data: unknown }): WebhookPayload | null {
  const sessionId = sessionIdOfStream(event.streamId)
  if (sessionId === null) return null
  return { event: event.type, sessionId, timestamp: event.occurredAt.toISOString(), data: event.data }
}

/**
 * The exact bytes sent. JSON.stringify of a plain object is stable under JSON.parse + JSON.stringify,
 * which is what the seed's verification snippet computes on the receiving side.
 */
export function webhookBody(payload: WebhookPayload): string {
  return JSON.stringify(payload)
}

const RECORDED_AT = /^\{"event":"[^"\\]*","sessionId":"[^"\\]*","timestamp":"([^"]+)"/

/** When the event of a webhook body was recorded (its `timestamp`), read without parsing the whole body. */
export function recordedAtOf(body: string): Date | null {
  const match = RECORDED_AT.exec(body)
  if (!match) return null
  const at = new Date(match[1]!)
  return Number.isNaN(at.getTime()) ? null : at
}
