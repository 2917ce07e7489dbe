import type { Role } from './caller.ts'
import { toStreamName } from '../streams.ts'

export const UserEventTypes = {
  registered: 'user.registered',
  roleChanged: 'user.role-changed',
  sessionsAssigned: 'user.sessions-assigned',
  disabled: 'user.disabled',
  enabled: 'user.enabled',
  passwordChanged: 'user.password-changed',
  apiKeyIssued: 'user.api-key-issued',
  apiKeyRevoked: 'user.api-key-revoked',
  loggedIn: 'user.logged-in',
  loggedOut: 'user.logged-out',
} as const

/** Secrets appear only hashed or sealed, never in clear: `passwordHash` (argon2id), `keyHash`/`tokenHash` (HMAC), `sealedKey` (AES-GCM). */
export type UserEvent =
  | { type: typeof UserEventTypes.registered; data: { id: string; email: string; role: Role; passwordHash: string; passwordGenerated?: boolean } }
  | { type: typeof UserEventTypes.roleChanged; data: { role: Role; previous: Role } }
  | { type: typeof UserEventTypes.sessionsAssigned; data: { sessionIds: string[] } }
  | { type: typeof UserEventTypes.disabled; data: Record<string, never> }
  | { type: typeof UserEventTypes.enabled; data: Record<string, never> }
  | { type: typeof UserEventTypes.passwordChanged; data: { passwordHash: string } }
  | { type: typeof UserEventTypes.apiKeyIssued; data: { keyId: string; keyHash: string; sealedKey: string; prefix: string } }
  | { type: typeof UserEventTypes.apiKeyRevoked; data: { keyId: string } }
  | { type: typeof UserEventTypes.loggedIn; data: { tokenHash: string; expiresAt: string } }
  | { type: typeof UserEventTypes.loggedOut; data: { tokenHash: string } }

/** The fields of user events that hold secret material (hashed or sealed): never shown, not even in the audit log. */
export const SECRET_FIELDS = ['passwordHash', 'keyHash', 'sealedKey', 'tokenHash'] as const

export const userStreamId = (userId: string) => toStreamName('user', userId)
/** One stream per e-mail address: appending to it with no_stream is what makes addresses unique. */
export const emailStreamId = (emailHash: string) => toStreamName('email', emailHash)
export const EMAIL_CLAIMED = 'email.claimed'
