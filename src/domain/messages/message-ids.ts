import { createHash } from 'node:crypto'
import { stableId } from '../ids.ts'

/**
 * Where a message id the gateway chooses (instead of letting Baileys pick a random one) comes from.
 * The same source always gives the same id, so a retried send after a crash or a failover is the
 * same WhatsApp message, and its recorded `message.sent` event dedups.
 */
export type MessageIdSource =
  /** A send with an Idempotency-Key (an API call, an auto-reply): the same key, the same message. */
  | { readonly kind: 'idempotency-key'; readonly sessionId: string; readonly key: string }
  /** One recipient of a broadcast. */
  | { readonly kind: 'broadcast'; readonly broadcastId: string; readonly jid: string }
  /** A scheduled message. */
  | { readonly kind: 'schedule'; readonly scheduleId: string }

/**
 * WhatsApp's message id for a send: `3EB0` (the prefix WhatsApp Web's own ids carry) and 18
 * upper-case hex digits of a digest of its source. Ids already sent and recorded must keep matching,
 * so each kind keeps the digest it was first derived from: the raw SHA-256 of session and key for an
 * Idempotency-Key, the stable UUID (its dashes dropped) for broadcasts and schedules.
 */
export function whatsAppMessageId(source: MessageIdSource): string {
  return `3EB0${digestOf(source).slice(0, 18).toUpperCase()}`
}

function digestOf(source: MessageIdSource): string {
  switch (source.kind) {
    case 'idempotency-key':
      return createHash('sha256').update(`${source.sessionId}\u0000${source.key}`).digest('hex')
    case 'broadcast':
      return stableId('broadcast', source.broadcastId, source.jid).replaceAll('-', '')
    case 'schedule':
      return stableId('schedule', source.scheduleId).replaceAll('-', '')
  }
}
