/** The events a webhook may subscribe to (the gateway refuses others). */
export const WEBHOOK_EVENTS = [
  'message.received',
  'message.sent',
  'message.status',
  'connection.update',
  'group.update',
  'contact.update',
  'status.update',
  'message.revoked',
  'message.reaction',
  'session.created',
  'session.settings.updated',
  'session.deleted',
  '*',
]
