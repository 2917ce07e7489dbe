import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts'
import { causeOf, type Caller, type Role } from '../../domain/identity/caller.ts'
import {
  decideAssignSessions,
  decideChangePassword,
  decideChangeRole,
  decideDisable,
  MIN_PASSWORD_LENGTH,
} from '../../domain/identity/user-decide.ts'
import { userStreamId, type UserEvent } from '../../domain/identity/user-events.ts'
import { evolveUser, type UserState } from '../../domain/identity/user-state.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../handle-command.ts'
import { awaitUsers } from './await-users.ts'
import { userDecider } from './user-decider.ts'
import { toUserView, type UserView } from './user-view.ts'

export interface UserChanges {
  readonly role?: Role
  readonly disabled?: boolean
  readonly password?: string
  /** STAFF only: the sessions (short ids) they work on. Replaces the previous assignment. */
  readonly assignedSessionIds?: readonly string[]
}

/** A superadmin changes a user: role, disabled, password, assigned sessions; all in one decision. */
export class UpdateUser extends Command<UserView> {
  readonly caller: Caller
  readonly userId: string
  readonly changes: UserChanges
  constructor(caller: Caller, userId: string, changes: UserChanges) {
    super()
    this.caller = caller
    this.userId = userId
    this.changes = changes
  }
}

export class UpdateUserHandler implements ICommandHandler<UpdateUser> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, userId, changes }: UpdateUser): Promise<UserView> {
    if (caller.role !== 'SUPERADMIN') throw new ForbiddenError('only a SUPERADMIN may change users')
    const db = this.#deps.db
    const current = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
    if (!current) throw new NotFoundError(`user ${userId} not found`)
    if (changes.password !== undefined && changes.password.length < MIN_PASSWORD_LENGTH) {
      throw new ValidationError(`password needs at least ${MIN_PASSWORD_LENGTH} characters`)
    }
    const losesAdmin = current.role === 'SUPERADMIN' && !current.disabled && ((changes.role && changes.role !== 'SUPERADMIN') || changes.disabled === true)
    if (losesAdmin) {
      const others = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('role', '=', 'SUPERADMIN')
        .where('disabled', '=', false)
        .where('id', '!=', userId)
        .executeTakeFirstOrThrow()
      if (Number(others.n) === 0) throw new ConflictError('this is the last active SUPERADMIN; make another one first')
    }
    if (changes.assignedSessionIds?.length) {
      const known = await db.selectFrom('sessions').select('session_id').where('session_id', 'in', [...changes.assignedSessionIds]).where('deleted_at', 'is', null).execute()
      const missing = changes.assignedSessionIds.filter((id) => !known.some((k) => k.session_id === id))
      if (missing.length > 0) throw new ValidationError(`unknown session${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`)
    }
    const passwordHash = changes.password === undefined ? undefined : await this.#deps.identity.passwords.hash(changes.password)
    const { position } = await handleCommand(this.#deps.store, userStreamId(userId), userDecider, (state) => decideAll(state, changes, passwordHash), causeOf(caller))
    await awaitUsers(this.#deps, position)
    return toUserView(await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow())
  }
}

/** Each change decided on the state the previous one left, so a role change and an assignment combine. */
function decideAll(initial: UserState, changes: UserChanges, passwordHash: string | undefined): UserEvent[] {
  const events: UserEvent[] = []
  let state = initial
  const take = (decided: UserEvent[]) => {
    events.push(...decided)
    state = decided.reduce(evolveUser, state)
  }
  if (changes.role !== undefined) take(decideChangeRole(state, changes.role))
  if (changes.assignedSessionIds !== undefined) take(decideAssignSessions(state, changes.assignedSessionIds))
  if (changes.disabled !== undefined) take(decideDisable(state, changes.disabled))
  if (passwordHash !== undefined) take(decideChangePassword(state, passwordHash))
  return events
}
