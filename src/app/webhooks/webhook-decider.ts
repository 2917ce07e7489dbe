import type { WebhookEvent } from '../../domain/webhooks/webhook-events.ts'
import { evolveWebhook, initialWebhookState, type WebhookState } from '../../domain/webhooks/webhook-state.ts'
import type { Decider } from '../handle-command.ts'

export const webhookDecider: Decider<WebhookState, WebhookEvent> = { initial: initialWebhookState, evolve: evolveWebhook }
