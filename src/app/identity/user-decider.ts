import type { UserEvent } from '../../domain/identity/user-events.ts'
import { evolveUser, initialUserState, type UserState } from '../../domain/identity/user-state.ts'
import type { Decider } from '../handle-command.ts'

export const userDecider: Decider<UserState, UserEvent> = { initial: initialUserState, evolve: evolveUser }
