/**
 * Text Postgres can store: jsonb and text refuse U+0000, and JSON with a lone surrogate (half of a
 * UTF-16 pair, which no valid Unicode text contains) is refused too. WhatsApp can deliver both; they
 * are replaced by U+FFFD (the replacement character) at the edge, the same way everywhere, so a
 * message is recorded instead of stalling whoever records it.
 */
export const REPLACEMENT_CHARACTER = '\uFFFD'

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu
const UNSTORABLE_TEST = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u

/** Whether `text` holds something Postgres cannot store. */
export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE_TEST.test(text)
}

/** The first character of `text` Postgres cannot store (NUL or a lone surrogate), or undefined. */
export function firstUnstorable(text: string): string | undefined {
  return UNSTORABLE_TEST.exec(text)?.[0]
}

/** `text` with NUL and lone surrogates replaced by U+FFFD; the same string when there are none. */
export function storableText(text: string): string {
  return hasUnstorableText(text) ? text.replace(UNSTORABLE, REPLACEMENT_CHARACTER) : text
}

/**
 * A JSON-like value with every string in it (object keys too) made storable. Returns the value itself
 * when nothing needed replacing, so the common case copies nothing.
 */
export function storableValue<T>(value: T): T {
  return clean(value, 0) as T
}

const MAX_DEPTH = 64

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value)
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const cleaned = clean(value[i], depth + 1)
      if (cleaned !== value[i]) (copy ??= value.slice())[i] = cleaned
    }
    return copy ?? value
  }
  // Buffers, dates and other class instances are not JSON text: left as they are.
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return value
  let copy: Record<string, unknown> | undefined
  for (const [key, item] of Object.entries(value)) {
    const cleanKey = storableText(key)
    const cleaned = clean(item, depth + 1)
    if (cleanKey !== key || cleaned !== item) {
      copy ??= { ...(value as Record<string, unknown>) }
      if (cleanKey !== key) delete copy[key]
      copy[cleanKey] = cleaned
    }
  }
  return copy ?? value
}
