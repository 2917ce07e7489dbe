import type { z } from 'zod'
import { HttpError } from './http-error.ts'

/** Parses a part of the request with its schema, or answers 400 saying exactly what is wrong. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, part: 'body' | 'query' | 'params'): T {
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
