import { WebhookEventTypes, type WebhookEvent, type WebhookSettings } from './webhook-events.ts'

/** A webhook as its stream tells it. */
export interface WebhookState extends WebhookSettings {
  readonly exists: boolean
  readonly deleted: boolean
  readonly id: string
  readonly userId: string
  readonly revision: number
}

export const initialWebhookState: WebhookState = {
  exists: false,
  deleted: false,
  id: '',
  userId: '',
  name: '',
  url: '',
  sealedSecret: '',
  sessionId: null,
  events: [],
  isActive: false,
  revision: -1,
}

export function evolveWebhook(state: WebhookState, event: WebhookEvent): WebhookState {
  const next = { ...state, revision: state.revision + 1 }
  switch (event.type) {
    case WebhookEventTypes.created:
      return { ...next, ...event.data, exists: true }
    case WebhookEventTypes.updated:
      return { ...next, ...event.data.changes }
    case WebhookEventTypes.deleted:
      return { ...next, deleted: true, isActive: false }
    default:
      return next
  }
}

export const foldWebhook = (events: readonly WebhookEvent[]) => events.reduce(evolveWebhook, initialWebhookState)
