import { createHmac } from 'node:crypto'

/** The seed's header: `sha256=` + hex HMAC-SHA256(secret, body). */
export const SIGNATURE_HEADER = 'X-Webhook-Signature'
/** The event id: the same on every retry, redelivery and replay of an event. */
export const ID_HEADER = 'X-Webhook-Id'
/** Unix seconds when this attempt was signed. */
export const TIMESTAMP_HEADER = 'X-Webhook-Timestamp'
/** Replay protection: `sha256=` + hex HMAC-SHA256(secret, `${id}.${timestamp}.${body}`). */
export const SIGNATURE_V2_HEADER = 'X-Webhook-Signature-V2'

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

/** Binds the body to this attempt's id and time, so a captured request cannot be replayed later or under another id. */
export function signTimestamped(secret: string, id: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('hex')}`
}

/** The signing headers of one attempt. */
export function signatureHeaders(secret: string, input: { id: string; body: string; timestamp: number }): Record<string, string> {
  return {
    [ID_HEADER]: input.id,
    [TIMESTAMP_HEADER]: String(input.timestamp),
    [SIGNATURE_HEADER]: signBody(secret, input.body),
    [SIGNATURE_V2_HEADER]: signTimestamped(secret, input.id, input.timestamp, input.body),
  }
}
