import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { ConflictError, ForbiddenError, ValidationError } from '../../domain/errors.ts'
import { causeOf, type Caller, type Role } from '../../domain/identity/caller.ts'
import { MIN_PASSWORD_LENGTH } from '../../domain/identity/user-decide.ts'
import { EMAIL_CLAIMED, emailStreamId, userStreamId } from '../../domain/identity/user-events.ts'
import { newId } from '../../domain/ids.ts'
import { WrongExpectedRevisionError, type EventMetadata } from '../../domain/ports/event-store.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { awaitUsers } from './await-users.ts'
import { emailHash, normalizeEmail } from './email.ts'
import { newPassword } from './tokens.ts'
import { userDecider } from '../../domain/identity/user-decider.ts'
import { toUserView, type UserView } from './user-view.ts'

export interface RegisteredUser {
  readonly user: UserView
  /** Set when the password was generated: shown once, never stored in clear. */
  readonly generatedPassword?: string
}

/** `caller` null: the gateway itself (the first admin, the test endpoint). Otherwise a superadmin. */
export class RegisterUser extends Command<RegisteredUser> {
  readonly caller: Caller | null
  readonly email: string
  readonly password: string | undefined
  readonly role: Role
  constructor(caller: Caller | null, input: { email: string; password?: string; role: Role }) {
    super()
    this.caller = caller
    this.email = input.email
    this.password = input.password
    this.role = input.role
  }
}

export class RegisterUserHandler implements ICommandHandler<RegisterUser> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, email: rawEmail, password, role }: RegisterUser): Promise<RegisteredUser> {
    if (caller && caller.role !== 'SUPERADMIN') throw new ForbiddenError('only a SUPERADMIN may create users')
    const email = normalizeEmail(rawEmail)
    if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) {
      throw new ValidationError(`password needs at least ${MIN_PASSWORD_LENGTH} characters`)
    }
    const generatedPassword = password === undefined ? newPassword() : undefined
    const passwordHash = await this.#deps.identity.passwords.hash(password ?? generatedPassword!)
    const cause: EventMetadata = caller ? causeOf(caller) : { actor: { kind: 'system', id: 'gateway' } }
    const userId = await this.#claimEmail(email, cause)
    const { position } = await handleCommand(
      this.#deps.store,
      userStreamId(userId),
      userDecider,
      // Marked so the dashboard can offer to replace a generated password (until it is changed).
      { type: 'RegisterUser', data: { id: userId, email, role, passwordHash, ...(generatedPassword ? { passwordGenerated: true } : {}) } },
      cause,
    )
    await awaitUsers(this.#deps, position)
    const row = await this.#deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()
    return { user: toUserView(row), ...(generatedPassword ? { generatedPassword } : {}) }
  }

  /**
   * Reserves the address in a stream of its own (no_stream: only one registration wins). A claim left
   * by a registration that died before writing its user is taken over, so no address is burned.
   */
  async #claimEmail(email: string, cause: EventMetadata): Promise<string> {
    const streamId = emailStreamId(emailHash(email))
    const userId = newId()
    try {
      await this.#deps.store.append(streamId, [{ type: EMAIL_CLAIMED, data: { userId }, metadata: cause }], 'no_stream')
      return userId
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error
    }
    const [claim] = await this.#deps.store.readStream(streamId, { maxCount: 1 })
    const claimedBy = (claim?.data as { userId?: string } | undefined)?.userId
    if (claimedBy && (await this.#deps.store.readStream(userStreamId(claimedBy), { maxCount: 1 })).length === 0) return claimedBy
    throw new ConflictError(`a user with e-mail ${email} already exists`)
  }
}
