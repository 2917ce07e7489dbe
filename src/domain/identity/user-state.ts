import type { Role } from './caller.ts'
import { UserEventTypes, type UserEvent } from './user-events.ts'

export interface UserState {
  readonly exists: boolean
  readonly id: string
  readonly email: string
  readonly role: Role
  readonly disabled: boolean
  readonly passwordHash: string
  readonly apiKeyId: string | null
  readonly sessionIds: readonly string[]
  readonly revision: number
}

export const initialUserState: UserState = {
  exists: false,
  id: '',
  email: '',
  role: 'OWNER',
  disabled: false,
  passwordHash: '',
  apiKeyId: null,
  sessionIds: [],
  revision: -1,
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  const next = { ...state, revision: state.revision + 1 }
  switch (event.type) {
    case UserEventTypes.registered:
      return { ...next, exists: true, id: event.data.id, email: event.data.email, role: event.data.role, passwordHash: event.data.passwordHash }
    case UserEventTypes.roleChanged:
      return { ...next, role: event.data.role, sessionIds: event.data.role === 'STAFF' ? state.sessionIds : [] }
    case UserEventTypes.sessionsAssigned:
      return { ...next, sessionIds: event.data.sessionIds }
    case UserEventTypes.disabled:
      return { ...next, disabled: true }
    case UserEventTypes.enabled:
      return { ...next, disabled: false }
    case UserEventTypes.passwordChanged:
      return { ...next, passwordHash: event.data.passwordHash }
    case UserEventTypes.apiKeyIssued:
      return { ...next, apiKeyId: event.data.keyId }
    case UserEventTypes.apiKeyRevoked:
      return { ...next, apiKeyId: state.apiKeyId === event.data.keyId ? null : state.apiKeyId }
    default:
      return next
  }
}

export const foldUser = (events: readonly UserEvent[]) => events.reduce(evolveUser, initialUserState)
