import { stableId } from '../../../domain/ids.ts'
import { ownerMaySee, type WebhookOwner } from '../../../domain/webhooks/webhook-access.ts'
import { subscribesTo } from '../../../domain/webhooks/webhook-event-names.ts'
import { sessionIdOfStream } from '../../../domain/streams.ts'
import { webhookBody, webhookPayload } from '../../../domain/webhooks/webhook-payload.ts'
import type { StoredEvent } from '../../../domain/ports/event-store.ts'

/** What routing needs to know of a webhook. */
export interface RoutingWebhook {
  readonly id: string
  readonly userId: string
  readonly sessionId: string | null
  readonly events: readonly string[]
  readonly isActive: boolean
}

/** Who owns which session and what each webhook owner may see, as of the event being routed. */
export interface RoutingView {
  webhooks(): Iterable<RoutingWebhook>
  owner(userId: string): WebhookOwner | undefined
  sessionOwner(sessionId: string): string | undefined
}

/** A delivery to create: one per webhook × event. */
export interface NewDelivery {
  readonly id: string
  readonly webhookId: string
  readonly eventId: string
  readonly eventPosition: bigint
  readonly eventType: string
  readonly sessionId: string
  readonly body: string
}

/** The delivery's id: the same webhook and event always give the same id. */
export const deliveryId = (webhookId: string, eventId: string) => stableId('webhook-delivery', webhookId, eventId)

/** Whether the webhook wants this event of this session: active, subscribed, bound to it (or to all), and its owner may see it. */
export function wants(view: RoutingView, webhook: RoutingWebhook, eventType: string, sessionId: string): boolean {
  if (!webhook.isActive || !subscribesTo(webhook.events, eventType)) return false
  if (webhook.sessionId !== null && webhook.sessionId !== sessionId) return false
  return ownerMaySee(view.owner(webhook.userId), { sessionId, userId: view.sessionOwner(sessionId) })
}

export function deliveryOf(webhookId: string, event: StoredEvent): NewDelivery | null {
  const payload = webhookPayload(event)
  if (!payload) return null
  return {
    id: deliveryId(webhookId, event.id),
    webhookId,
    eventId: event.id,
    eventPosition: event.position,
    eventType: event.type,
    sessionId: payload.sessionId,
    body: webhookBody(payload),
  }
}

/** The deliveries one stored event makes: one for each webhook that wants it. */
export function routeEvent(view: RoutingView, event: StoredEvent): NewDelivery[] {
  const sessionId = sessionIdOfStream(event.streamId)
  if (sessionId === null) return []
  const deliveries: NewDelivery[] = []
  for (const webhook of view.webhooks()) {
    if (!wants(view, webhook, event.type, sessionId)) continue
    const delivery = deliveryOf(webhook.id, event)
    if (delivery) deliveries.push(delivery)
  }
  return deliveries
}
