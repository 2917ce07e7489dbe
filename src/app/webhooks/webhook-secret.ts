import { randomBytes } from 'node:crypto'

/** Secure by default: a webhook created without a secret gets one (32 random bytes), shown once created and on GET. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`
}
