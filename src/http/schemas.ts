import { z } from 'zod'
import { ROLES } from '../domain/identity/caller.ts'

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
  })
  .partial()
  .strict()
