import { SECRET_FIELDS } from '../../domain/identity/user-events.ts'
import { WEBHOOK_SECRET_FIELDS } from '../../domain/webhooks/webhook-events.ts'

const SECRET = new Set<string>([...SECRET_FIELDS, ...WEBHOOK_SECRET_FIELDS])

/** A copy of event data without any field that holds secret material, at any depth. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !SECRET.has(key))
      .map(([key, v]) => [key, redactSecrets(v)]),
  )
}
