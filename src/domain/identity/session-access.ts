import type { Caller } from './caller.ts'

/** What a caller may do to a session. Kept in one place so that every route asks the same question. */
export type SessionAction =
  | 'view'
  | 'control'
  | 'send'
  | 'configure'
  | 'delete'

export interface SessionOwnership {
  readonly sessionId: string
  readonly userId: string
}

/**
 * SUPERADMIN: everything. OWNER: their own sessions. STAFF: the sessions assigned to them, except
 * deleting them (and no user management, which is not a session action).
 */
export function canAccessSession(caller: Caller, session: SessionOwnership, action: SessionAction): boolean {
  switch (caller.role) {
    case 'SUPERADMIN':
      return true
    case 'OWNER':
      return session.userId === caller.userId
    case 'STAFF':
      return action !== 'delete' && caller.assignedSessionIds.includes(session.sessionId)
  }
}

/** Whether the caller may see that the session exists at all (else it is answered as not found). */
export function canSeeSession(caller: Caller, session: SessionOwnership): boolean {
  return canAccessSession(caller, session, 'view')
}
