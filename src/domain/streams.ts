/**
 * Stream names: `<category>-<id>`, one stream per aggregate (ARCHITECTURE.md). The names are stored
 * data (every event row carries one), so this format never changes; every module that names or reads
 * a stream goes through here instead of gluing or slicing prefixes by hand.
 */
export const STREAM_CATEGORIES = [
  'session', // a session's lifecycle
  'messages', // a session's WhatsApp traffic (messages, receipts, contacts, groups)
  'user',
  'email', // one per e-mail address: appending with no_stream keeps addresses unique
  'webhook',
  'autoreply',
  'broadcast',
  'schedule',
  'repeat', // a repeated send
] as const

export type StreamCategory = (typeof STREAM_CATEGORIES)[number]

const CATEGORIES: ReadonlySet<string> = new Set(STREAM_CATEGORIES)

export function toStreamName(category: StreamCategory, id: string): string {
  return `${category}-${id}`
}

/**
 * The category and id of a stream name, or null for a stream outside the categories (e.g. the
 * single `parked-events` stream). Ids may hold dashes (UUIDs): a name splits at its first dash.
 */
export function fromStreamName(name: string): { readonly category: StreamCategory; readonly id: string } | null {
  const dash = name.indexOf('-')
  if (dash <= 0 || dash === name.length - 1) return null
  const category = name.slice(0, dash)
  return CATEGORIES.has(category) ? { category: category as StreamCategory, id: name.slice(dash + 1) } : null
}

/** The id of a stream of `category`, or null for a stream of another category. */
export function idOfStream(name: string, category: StreamCategory): string | null {
  const parsed = fromStreamName(name)
  return parsed?.category === category ? parsed.id : null
}

/** The id of a stream its events' types place in `category`; a stream of another category is a bug, so it throws. */
export function requireIdOfStream(name: string, category: StreamCategory): string {
  const id = idOfStream(name, category)
  if (id === null) throw new Error(`stream ${name} is not a ${category} stream`)
  return id
}

/**
 * The short session id of a session-scoped stream, or null for any other stream. A session's events
 * live in `session-<id>` (lifecycle) and `messages-<id>` (WhatsApp traffic): a new kind of session
 * event (e.g. status.update) reaches webhooks and sockets when it is appended to one of them.
 */
export function sessionIdOfStream(name: string): string | null {
  const parsed = fromStreamName(name)
  return parsed && (parsed.category === 'session' || parsed.category === 'messages') ? parsed.id : null
}
