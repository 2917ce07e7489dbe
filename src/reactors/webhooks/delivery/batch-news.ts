import type { StoredEvent } from '../../../domain/ports/event-store.ts'
import { idOfStream, sessionIdOfStream } from '../../../domain/streams.ts'
import { WebhookEventTypes } from '../../../domain/webhooks/webhook-events.ts'

/** What a batch the webhooks consumer has handled (on this node or another) means for the deliverer. */
export interface BatchNews {
  /** Sessions with events in the batch: only their lanes can have got deliveries. */
  readonly sessions: ReadonlySet<string>
  /** Webhooks changed (target, secret, paused, deleted): running lanes re-read them before their next attempt. */
  readonly changed: ReadonlySet<string>
  /** Webhooks a delivery was put back for (a redelivery): their lanes are read again from the start. */
  readonly requeued: ReadonlySet<string>
  /** A replay was asked for. */
  readonly replays: boolean
  /** Whether lanes may have become due (deliveries routed or requeued, a webhook created or re-activated). */
  readonly claim: boolean
}

const CHANGES: ReadonlySet<string> = new Set([WebhookEventTypes.updated, WebhookEventTypes.deleted])

export function batchNews(events: readonly StoredEvent[]): BatchNews {
  const sessions = new Set<string>()
  const changed = new Set<string>()
  const requeued = new Set<string>()
  let replays = false
  let webhookEvents = false
  for (const event of events) {
    const sessionId = sessionIdOfStream(event.streamId)
    if (sessionId !== null) {
      sessions.add(sessionId)
      continue
    }
    const webhookId = idOfStream(event.streamId, 'webhook')
    if (webhookId === null) continue
    webhookEvents = true
    if (CHANGES.has(event.type)) changed.add(webhookId)
    else if (event.type === WebhookEventTypes.redeliveryRequested) requeued.add(webhookId)
    else if (event.type === WebhookEventTypes.replayRequested) replays = true
  }
  return { sessions, changed, requeued, replays, claim: sessions.size > 0 || webhookEvents }
}
