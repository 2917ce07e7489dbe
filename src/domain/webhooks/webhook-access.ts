import type { Caller } from '../identity/caller.ts'
import { canSeeSession } from '../identity/session-access.ts'
import type { Role } from '../identity/caller.ts'

/** A webhook belongs to the user who created it; a superadmin manages every webhook. */
export function canManageWebhook(caller: Caller, webhook: { readonly userId: string }): boolean {
  return caller.role === 'SUPERADMIN' || caller.userId === webhook.userId
}

/** The webhook owner as routing knows them: role, assignments and whether they are disabled, at the event's time. */
export interface WebhookOwner {
  readonly userId: string
  readonly role: Role
  readonly assignedSessionIds: readonly string[]
  readonly disabled: boolean
}

/**
 * Whether a webhook's owner may receive a session's events: the same rule as seeing the session
 * (SUPERADMIN every session, OWNER their own, STAFF the ones assigned to them), and never while the
 * owner is disabled.
 */
export function ownerMaySee(owner: WebhookOwner | undefined, session: { sessionId: string; userId: string | undefined }): boolean {
  if (!owner || owner.disabled) return false
  const caller: Caller = { userId: owner.userId, email: '', role: owner.role, assignedSessionIds: owner.assignedSessionIds, via: 'system' }
  return canSeeSession(caller, { sessionId: session.sessionId, userId: session.userId ?? '' })
}
