import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { DomainError, NotFoundError, ValidationError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { MIN_PASSWORD_LENGTH } from '../../domain/identity/user-decide.ts'
import { userStreamId } from '../../domain/identity/user-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { accountThrottle } from './account-throttle.ts'
import { awaitUsers } from './await-users.ts'
import { normalizeEmail } from './email.ts'
import { TooManyAttemptsError } from './login.ts'
import { userDecider } from '../../domain/identity/user-decider.ts'

/** A wrong current password: answered 403, so that a login that went stale is not mistaken for it. */
export class WrongCurrentPasswordError extends DomainError {
  constructor() {
    super('FORBIDDEN', 'the current password is wrong')
  }
}

/**
 * Any user changes their own password, proving the current one, whoever asks (a login or an API key:
 * a leaked key must not be enough to take the account). Wrong answers count in the account's login
 * limit, so this is no side door for guessing. Every login ends with it (the users projection).
 */
export class ChangeOwnPassword extends Command<{ success: true }> {
  readonly caller: Caller
  readonly currentPassword: string
  readonly newPassword: string
  constructor(caller: Caller, currentPassword: string, newPassword: string) {
    super()
    this.caller = caller
    this.currentPassword = currentPassword
    this.newPassword = newPassword
  }
}

export class ChangeOwnPasswordHandler implements ICommandHandler<ChangeOwnPassword> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, currentPassword, newPassword }: ChangeOwnPassword): Promise<{ success: true }> {
    if (newPassword.length < MIN_PASSWORD_LENGTH) throw new ValidationError(`the new password needs at least ${MIN_PASSWORD_LENGTH} characters`)
    if (newPassword === currentPassword) throw new ValidationError('the new password must differ from the current one')
    const user = await this.#deps.db.selectFrom('users').select(['password_hash', 'email']).where('id', '=', caller.userId).executeTakeFirst()
    if (!user) throw new NotFoundError('user not found')
    const throttle = accountThrottle(this.#deps)
    const account = normalizeEmail(user.email)
    const wait = throttle.waitMs(account)
    if (wait > 0) throw new TooManyAttemptsError(Math.ceil(wait / 1000), 'wrong passwords for this account')
    // Counted as wrong until it proves right, so that parallel guesses cannot all slip through.
    throttle.recordFailure(account)
    if (!(await this.#deps.identity.passwords.verify(user.password_hash, currentPassword))) {
      throttle.touch(account)
      throw new WrongCurrentPasswordError()
    }
    throttle.forgive(account)
    const passwordHash = await this.#deps.identity.passwords.hash(newPassword)
    const { position } = await handleCommand(this.#deps.store, userStreamId(caller.userId), userDecider, { type: 'ChangePassword', data: { passwordHash } }, causeOf(caller))
    await awaitUsers(this.#deps, position)
    return { success: true }
  }
}
