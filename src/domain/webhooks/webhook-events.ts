import { toStreamName } from '../streams.ts'
/** What a webhook is set to do: the seed's fields, with the secret sealed (never in clear in an event). */
export interface WebhookSettings {
  readonly name: string
  readonly url: string
  /** The HMAC secret, sealed with the gateway key (AES-GCM). */
  readonly sealedSecret: string
  /** A session's short id, or null for every session the owner may see. */
  readonly sessionId: string | null
  readonly events: readonly string[]
  readonly isActive: boolean
}

export const WebhookEventTypes = {
  created: 'webhook.created',
  updated: 'webhook.updated',
  deleted: 'webhook.deleted',
  redeliveryRequested: 'webhook.redelivery-requested',
  replayRequested: 'webhook.replay-requested',
} as const

export interface WebhookCreated {
  type: typeof WebhookEventTypes.created
  data: WebhookSettings & { id: string; userId: string }
}

export interface WebhookUpdated {
  type: typeof WebhookEventTypes.updated
  data: { changes: Partial<WebhookSettings>; changed: ReadonlyArray<keyof WebhookSettings> }
}

export interface WebhookDeleted {
  type: typeof WebhookEventTypes.deleted
  data: { id: string }
}

/** Send one delivery again (it goes back to the head of its lane, in event order). */
export interface WebhookRedeliveryRequested {
  type: typeof WebhookEventTypes.redeliveryRequested
  data: { deliveryId: string }
}

/**
 * Send again every matching event in a range of the log: positions after `afterPosition` up to
 * `toPosition` (the head when it was asked), and, when `since` is set, only events at or after it.
 * Positions travel as decimal strings (they are bigints).
 */
export interface WebhookReplayRequested {
  type: typeof WebhookEventTypes.replayRequested
  data: { replayId: string; afterPosition: string; toPosition: string; since: string | null }
}

export type WebhookEvent = WebhookCreated | WebhookUpdated | WebhookDeleted | WebhookRedeliveryRequested | WebhookReplayRequested

/** Fields of webhook events that hold secret material (sealed): never shown, not even in the audit log. */
export const WEBHOOK_SECRET_FIELDS = ['sealedSecret'] as const

export const webhookStreamId = (webhookId: string) => toStreamName('webhook', webhookId)
