/** The events a webhook may subscribe to: the gateway's own list (a pure domain module), so the two never drift. */
export { SUBSCRIBABLE_EVENT_NAMES as WEBHOOK_EVENTS } from '../../../src/domain/webhooks/webhook-event-names.ts'
