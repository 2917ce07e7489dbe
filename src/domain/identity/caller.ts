import type { EventMetadata } from '../ports/event-store.ts'

export const ROLES = ['SUPERADMIN', 'OWNER', 'STAFF'] as const
export type Role = (typeof ROLES)[number]

/** Who is calling, as authentication established it. */
export interface Caller {
  readonly userId: string
  readonly email: string
  readonly role: Role
  /** Sessions (their short ids) assigned to a STAFF user. */
  readonly assignedSessionIds: readonly string[]
  readonly via: 'api-key' | 'cookie' | 'system'
}

/** The caller as it is recorded in event metadata: who did it, never how they proved it. */
export function causeOf(caller: Caller, correlationId?: string): EventMetadata {
  return {
    actor: { kind: caller.via === 'api-key' ? 'api-key' : caller.via === 'system' ? 'system' : 'user', id: caller.userId },
    ...(correlationId ? { correlationId } : {}),
  }
}
