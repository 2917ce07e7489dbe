import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts'
import { causeOf, type Caller, type Role } from '../../domain/identity/caller.ts'
import { MIN_PASSWORD_LENGTH } from '../../domain/identity/user-decide.ts'
import { userStreamId } from '../../domain/identity/user-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { awaitUsers } from './await-users.ts'
import { userDecider } from '../../domain/identity/user-decider.ts'
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
    const { role, assignedSessionIds, disabled } = changes
    const passwordHash = changes.password === undefined ? undefined : await this.#deps.identity.passwords.hash(changes.password)
    const { position } = await handleCommand(this.#deps.store, userStreamId(userId), userDecider, { type: 'UpdateUser', data: { role, assignedSessionIds, disabled, passwordHash } }, causeOf(caller))
    await awaitUsers(this.#deps, position)
    return toUserView(await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow())
  }
}
