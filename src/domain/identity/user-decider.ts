import type { Decider } from '../decider/decider.ts'
import type { Role } from './caller.ts'
import {
  decideAssignSessions,
  decideChangePassword,
  decideChangeRole,
  decideDisable,
  decideIssueApiKey,
  decideLogin,
  decideLogout,
  decideRegister,
  decideRevokeApiKey,
} from './user-decide.ts'
import type { UserEvent } from './user-events.ts'
import { evolveUser, initialUserState, type UserState } from './user-state.ts'

/** What may be asked of a user's stream. Secrets arrive hashed or sealed: decide stays pure. */
export type UserCommand =
  | { readonly type: 'RegisterUser'; readonly data: { id: string; email: string; role: Role; passwordHash: string; passwordGenerated?: boolean } }
  | {
      readonly type: 'UpdateUser'
      /** A superadmin's changes, each decided on the state the previous one left (a role change and an assignment combine). */
      readonly data: { role?: Role; assignedSessionIds?: readonly string[]; disabled?: boolean; passwordHash?: string }
    }
  | { readonly type: 'ChangePassword'; readonly data: { passwordHash: string } }
  | { readonly type: 'IssueApiKey'; readonly data: { keyId: string; keyHash: string; sealedKey: string; prefix: string } }
  | { readonly type: 'RevokeApiKey' }
  | { readonly type: 'LogIn'; readonly data: { tokenHash: string; expiresAt: string } }
  | { readonly type: 'LogOut'; readonly data: { tokenHash: string } }

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser':
      return decideRegister(state, command.data)
    case 'UpdateUser':
      return decideUpdate(state, command.data)
    case 'ChangePassword':
      return decideChangePassword(state, command.data.passwordHash)
    case 'IssueApiKey':
      return decideIssueApiKey(state, command.data)
    case 'RevokeApiKey':
      return decideRevokeApiKey(state)
    case 'LogIn':
      return decideLogin(state, command.data)
    case 'LogOut':
      return decideLogout(state, command.data.tokenHash)
  }
}

function decideUpdate(initial: UserState, changes: Extract<UserCommand, { type: 'UpdateUser' }>['data']): UserEvent[] {
  const events: UserEvent[] = []
  let state = initial
  const take = (decided: UserEvent[]) => {
    events.push(...decided)
    state = decided.reduce(evolveUser, state)
  }
  if (changes.role !== undefined) take(decideChangeRole(state, changes.role))
  if (changes.assignedSessionIds !== undefined) take(decideAssignSessions(state, changes.assignedSessionIds))
  if (changes.disabled !== undefined) take(decideDisable(state, changes.disabled))
  if (changes.passwordHash !== undefined) take(decideChangePassword(state, changes.passwordHash))
  return events
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = { decide: decideUser, evolve: evolveUser, initialState: initialUserState }
