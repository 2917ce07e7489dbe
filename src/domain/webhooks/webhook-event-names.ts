/**
 * The event names a webhook can subscribe to: the seed's, then ours. `*` is every event of a session
 * (its lifecycle and its WhatsApp traffic), including names added later.
 */
export const SEED_EVENT_NAMES = [
  'message.received',
  'message.sent',
  'message.status',
  'connection.update',
  'group.update',
  'contact.update',
  'status.update',
] as const

export const EXTRA_EVENT_NAMES = ['message.revoked', 'message.reaction', 'message.edited', 'poll.vote', 'session.created', 'session.settings.updated', 'session.deleted', 'group.participants', 'chat.update', 'call.received', 'contact.blocklist'] as const

export const ALL_EVENTS = '*'

export const SUBSCRIBABLE_EVENT_NAMES: readonly string[] = [...SEED_EVENT_NAMES, ...EXTRA_EVENT_NAMES, ALL_EVENTS]

export function isSubscribable(name: string): boolean {
  return SUBSCRIBABLE_EVENT_NAMES.includes(name)
}

/** Whether a webhook subscribed to `subscribed` wants an event of this type. */
/**
 * Events that came under a seed event before they had a name of their own: a webhook subscribed to the
 * seed event keeps hearing them (participant changes were group.update events once).
 */
const COVERED_BY: Readonly<Record<string, string>> = { 'group.participants': 'group.update' }

export function subscribesTo(subscribed: readonly string[], eventType: string): boolean {
  if (subscribed.includes(ALL_EVENTS) || subscribed.includes(eventType)) return true
  const seedEvent = COVERED_BY[eventType]
  return seedEvent !== undefined && subscribed.includes(seedEvent)
}
