import type { z } from 'zod'
import { HttpError } from './http-error.ts'
import { firstUnstorable } from '../domain/text/storable-text.ts'

/** How deeply a JSON body may nest: more is no request of ours, and walking it costs stack. */
export const MAX_NESTING = 32

/** Parses a part of the request with its schema, or answers 400 saying exactly what is wrong. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, part: 'body' | 'query' | 'params'): T {
  assertStorableStrings(value, part)
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new HttpError(400, describeIssues(result.error.issues, part))
}

export function describeIssues(issues: readonly z.core.$ZodIssue[], part: string): string {
  const described = issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : part
    if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) return `${where} is required`
    if (issue.code === 'unrecognized_keys') return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    return `${where}: ${issue.message}`
  })
  return `invalid ${part}: ${described.join('; ')}`
}

/** Why a string cannot be taken (Postgres cannot store it: see storable-text), or undefined if it can. */
export function unstorableIn(text: string): string | undefined {
  const found = firstUnstorable(text)
  if (found === undefined) return undefined
  return found === '\u0000' ? 'must not contain NUL (U+0000) characters' : 'must not contain unpaired surrogates (invalid UTF-16)'
}

/**
 * The one rule every string of every request obeys, whatever its route's schema says: no NUL and no
 * lone surrogate, in values and in keys, at any depth (bounded). Answers 400 naming the field.
 */
export function assertStorableStrings(value: unknown, part: string): void {
  const pending: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }]
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!
    const where = () => (path.length > 0 ? path.join('.') : part)
    if (typeof current === 'string') {
      const problem = unstorableIn(current)
      if (problem) throw new HttpError(400, `invalid ${part}: ${where()}: ${problem}`)
      continue
    }
    if (current === null || typeof current !== 'object') continue
    if (path.length >= MAX_NESTING) throw new HttpError(400, `invalid ${part}: ${where()}: nested more than ${MAX_NESTING} levels deep`)
    for (const [key, inner] of Object.entries(current)) {
      const problem = unstorableIn(key)
      if (problem) throw new HttpError(400, `invalid ${part}: a key of ${where()} ${problem}`)
      pending.push({ value: inner, path: [...path, key] })
    }
  }
}
