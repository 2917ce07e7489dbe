import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts'
import type { Role } from './caller.ts'
import { UserEventTypes, type UserEvent } from './user-events.ts'
import type { UserState } from './user-state.ts'

export const MIN_PASSWORD_LENGTH = 8

export function decideRegister(state: UserState, input: { id: string; email: string; role: Role; passwordHash: string; passwordGenerated?: boolean }): UserEvent[] {
  if (state.exists) throw new ConflictError(`user ${input.id} already exists`)
  return [{ type: UserEventTypes.registered, data: input }]
}

export function decideChangeRole(state: UserState, role: Role): UserEvent[] {
  assertExists(state)
  if (state.role === role) return []
  return [{ type: UserEventTypes.roleChanged, data: { role, previous: state.role } }]
}

/** Only staff work on assigned sessions: owners and superadmins reach theirs by role. */
export function decideAssignSessions(state: UserState, sessionIds: readonly string[]): UserEvent[] {
  assertExists(state)
  if (state.role !== 'STAFF') throw new ValidationError(`only STAFF users are assigned sessions; ${state.email} is ${state.role}`)
  const unique = [...new Set(sessionIds)].sort()
  if (unique.join() === [...state.sessionIds].sort().join()) return []
  return [{ type: UserEventTypes.sessionsAssigned, data: { sessionIds: unique } }]
}

export function decideDisable(state: UserState, disabled: boolean): UserEvent[] {
  assertExists(state)
  if (state.disabled === disabled) return []
  return [{ type: disabled ? UserEventTypes.disabled : UserEventTypes.enabled, data: {} }]
}

export function decideChangePassword(state: UserState, passwordHash: string): UserEvent[] {
  assertExists(state)
  return [{ type: UserEventTypes.passwordChanged, data: { passwordHash } }]
}

/** A new key replaces the old one at once: only the latest issued key authenticates. */
export function decideIssueApiKey(state: UserState, key: { keyId: string; keyHash: string; sealedKey: string; prefix: string }): UserEvent[] {
  assertActive(state)
  return [{ type: UserEventTypes.apiKeyIssued, data: key }]
}

export function decideRevokeApiKey(state: UserState): UserEvent[] {
  assertExists(state)
  return state.apiKeyId ? [{ type: UserEventTypes.apiKeyRevoked, data: { keyId: state.apiKeyId } }] : []
}

export function decideLogin(state: UserState, login: { tokenHash: string; expiresAt: string }): UserEvent[] {
  assertActive(state)
  return [{ type: UserEventTypes.loggedIn, data: login }]
}

export function decideLogout(state: UserState, tokenHash: string): UserEvent[] {
  assertExists(state)
  return [{ type: UserEventTypes.loggedOut, data: { tokenHash } }]
}

function assertExists(state: UserState): void {
  if (!state.exists) throw new NotFoundError('user not found')
}

function assertActive(state: UserState): void {
  assertExists(state)
  if (state.disabled) throw new ForbiddenError('this user is disabled')
}
