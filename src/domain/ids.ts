import { createHash, randomBytes, randomInt } from 'node:crypto'

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz'

/** A collision-resistant, sortable-ish id in the seed's style ("clxxx…"): c + time + randomness. */
export function newId(): string {
  const time = Date.now().toString(36).padStart(9, '0')
  const random = Array.from(randomBytes(16), (b) => BASE36[b % 36]).join('')
  return `c${time}${random}`
}

/** A short public session id like the seed's "57xx1x". */
export function newShortId(length = 6): string {
  return Array.from({ length }, () => BASE36[randomInt(36)]).join('')
}

/**
 * A stable UUID from its parts: the same WhatsApp fact (a message, a receipt) always gets the same
 * event id, so recording it twice (a replay after a reconnect) appends nothing.
 */
export function stableId(...parts: readonly (string | number | boolean | null | undefined)[]): string {
  const hex = createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\u0000')).digest('hex')
  // Shaped as an RFC 9562 version-8 (custom) UUID.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
