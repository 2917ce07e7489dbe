import { z } from 'zod'
import { ROLES } from '../domain/identity/caller.ts'
import { isWithinStorableYears, STORABLE_YEARS } from '../domain/time/storable-years.ts'
import { proxyUrlProblem } from '../domain/session/session-proxy.ts'

/** Shapes shared by several routes. */
export const idParam = z.object({ id: z.string().min(1).max(64) })
export const email = z.string().trim().min(3).max(254).regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address')
export const password = z.string().min(8, 'must have at least 8 characters').max(256)
export const role = z.enum(ROLES)
export const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')

/** The seed's session settings; unknown keys are refused rather than silently dropped. */
export const sessionConfig = z
  .object({
    autoReplyEnabled: z.boolean(),
    ppGuardEnabled: z.boolean(),
    ppGuardFallbackUrl: httpUrl.nullable(),
    readReceipts: z.boolean(),
    antiDelete: z.boolean(),
    ghostMode: z.boolean(),
    rejectCalls: z.boolean(),
    rejectCallsMessage: z.string().trim().min(1, 'must not be empty (null for none)').max(4096, 'must have at most 4096 characters').nullable(),
    proxy: z
      .string()
      .trim()
      .max(2048, 'must have at most 2048 characters')
      .superRefine((value, ctx) => {
        const problem = proxyUrlProblem(value)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      })
      .nullable(),
  })
  .partial()
  .strict()

/** The largest position (and any bigint column) Postgres holds: int8. */
export const MAX_POSITION = 9_223_372_036_854_775_807n

/** A position of the event log, as digits or a number: 1 to int8's maximum. */
export const position = z
  .union([z.string().regex(/^\d{1,19}$/, 'must be a position (digits)'), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)])
  .transform((p) => BigInt(p))
  .refine((p) => p <= MAX_POSITION, `must be at most ${MAX_POSITION}`)


/** An ISO 8601 date-time with an offset (or Z), between 1970 and 9999. */
export const isoDateTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-10T10:00:00Z' })
  .refine((s) => isWithinStorableYears(new Date(s)), `must be between ${STORABLE_YEARS.min} and ${STORABLE_YEARS.max}`)
