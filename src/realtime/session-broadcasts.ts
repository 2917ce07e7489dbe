import type { StoredEvent } from '../domain/ports/event-store.ts'
import { MessageEventTypes } from '../domain/messages/message-events.ts'
import { SessionEventTypes, type ConnectionUpdate } from '../domain/session/session-events.ts'
import { sessionIdOfStream } from '../domain/streams.ts'
import { webhookPayload } from '../domain/webhooks/webhook-payload.ts'

/** One Socket.io emit to a session's room. */
export interface Broadcast {
  readonly sessionId: string
  readonly event: string
  readonly payload: unknown
}

/**
 * What the sockets of a session's room hear of a stored event. The seed's events first:
 * `connection.update` (`{ sessionId, status, qr }`, plus reason, pairingCode and the linked account),
 * `qr` (`{ sessionId, qr }`) whenever a QR is shown, and `message` (the message, with its sessionId)
 * for each message received or sent. Then every session event under its own name, in the webhook
 * payload format `{ event, sessionId, timestamp, data }`.
 */
export function broadcastsOf(event: StoredEvent): Broadcast[] {
  const sessionId = sessionIdOfStream(event.streamId)
  if (sessionId === null) return []
  if (event.type === SessionEventTypes.connectionUpdate) {
    const d = event.data as ConnectionUpdate['data']
    const update = {
      sessionId,
      status: d.status,
      qr: d.qr,
      reason: d.reason,
      ...(d.pairingCode ? { pairingCode: d.pairingCode } : {}),
      ...(d.me ? { me: d.me } : {}),
    }
    return [{ sessionId, event: 'connection.update', payload: update }, ...(d.qr ? [{ sessionId, event: 'qr', payload: { sessionId, qr: d.qr } }] : [])]
  }
  const named = { sessionId, event: event.type, payload: webhookPayload(event) }
  if (event.type === MessageEventTypes.received || event.type === MessageEventTypes.sent) {
    return [{ sessionId, event: 'message', payload: { sessionId, event: event.type, ...(event.data as object) } }, named]
  }
  return [named]
}

export const sessionRoom = (sessionId: string) => `session:${sessionId}`
