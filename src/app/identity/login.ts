import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { DomainError, ForbiddenError } from '../../domain/errors.ts'
import { userStreamId } from '../../domain/identity/user-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { awaitUsers } from './await-users.ts'
import { normalizeEmail } from './email.ts'
import { addressKey } from './address-key.ts'
import { accountThrottle } from './account-throttle.ts'
import { ADDRESS_THROTTLE, FRESH_ADDRESS_GUESSES, FRESH_GUESS_COUNT } from './login-policy.ts'
import { LoginThrottle } from './login-throttle.ts'
import { newLoginToken } from './tokens.ts'
import { userDecider } from '../../domain/identity/user-decider.ts'
import { toUserView, type UserView } from './user-view.ts'

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('UNAUTHORIZED', 'invalid e-mail or password')
  }
}

export class TooManyAttemptsError extends DomainError {
  readonly retryAfterSeconds: number
  constructor(retryAfterSeconds: number, what = 'failed logins') {
    super('RATE_LIMITED', `too many ${what}; try again in ${retryAfterSeconds} s`)
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export class Login extends Command<{ token: string; expiresAt: string; user: UserView }> {
  readonly email: string
  readonly password: string
  readonly address: string
  constructor(email: string, password: string, address: string) {
    super()
    this.email = email
    this.password = password
    this.address = address
  }
}

/**
 * Checks the password (argon2id) and opens a dashboard session. Failed attempts slow down, then lock,
 * both the account and the client address (IPv6 by its /64, see addressKey). The account's limit holds
 * only for addresses that have failed themselves: the owner, logging in from an address that never
 * failed, is let in with the right password while someone else hammers the account (so nobody can
 * lock an admin out from afar with a few addresses); each new address of an attacker gets one guess
 * before the account's limit holds for it as well. Once the account is locked, only
 * FRESH_ADDRESS_GUESSES such wrong guesses pass in 15 minutes; after them the lock holds for every
 * address, so that many addresses do not buy many guesses.
 * An unknown e-mail costs the same hashing time, and counts the same, as a wrong password.
 */
export class LoginHandler implements ICommandHandler<Login> {
  readonly #deps: AppDeps
  readonly #perAccount: LoginThrottle
  readonly #perAddress: LoginThrottle
  readonly #freshGuesses: LoginThrottle
  #dummyHash: Promise<string> | undefined

  constructor(deps: AppDeps, throttles: { account?: LoginThrottle; address?: LoginThrottle; freshGuesses?: LoginThrottle } = {}) {
    this.#deps = deps
    this.#perAccount = throttles.account ?? accountThrottle(deps)
    this.#perAddress = throttles.address ?? new LoginThrottle(ADDRESS_THROTTLE)
    this.#freshGuesses = throttles.freshGuesses ?? new LoginThrottle(FRESH_GUESS_COUNT)
  }

  async execute({ email: rawEmail, password, address: rawAddress }: Login) {
    const email = normalizeEmail(rawEmail)
    const address = addressKey(rawAddress)
    const addressWait = this.#perAddress.waitMs(address)
    if (addressWait > 0) throw new TooManyAttemptsError(Math.ceil(addressWait / 1000))
    const accountWait = this.#perAccount.waitMs(email)
    const addressHasFailed = this.#perAddress.failures(address) > 0
    if (accountWait > 0 && addressHasFailed) throw new TooManyAttemptsError(Math.ceil(accountWait / 1000))
    const throughLock = this.#perAccount.locked(email)
    if (throughLock && this.#freshGuesses.failures(email) >= FRESH_ADDRESS_GUESSES) throw new TooManyAttemptsError(Math.ceil(accountWait / 1000))
    // Counted as failed until the password proves right, so that parallel guesses cannot all slip through.
    this.#perAccount.recordFailure(email)
    this.#perAddress.recordFailure(address)
    if (throughLock) this.#freshGuesses.recordFailure(email)
    const user = await this.#deps.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
    this.#dummyHash ??= this.#deps.identity.passwords.hash('timing equaliser')
    const valid = await this.#deps.identity.passwords.verify(user?.password_hash ?? (await this.#dummyHash), password)
    if (!user || !valid) {
      this.#perAccount.touch(email)
      this.#perAddress.touch(address)
      throw new InvalidCredentialsError()
    }
    if (throughLock) this.#freshGuesses.forgive(email)
    // The address keeps its other failures: logging in to an account of one's own must not buy fresh guesses.
    this.#perAddress.forgive(address)
    // Nor does a success through the account's limit (from a clean address) give the hammering addresses any.
    if (accountWait === 0) this.#perAccount.reset(email)
    else this.#perAccount.forgive(email)
    if (user.disabled) throw new ForbiddenError('this account is disabled; ask an administrator')

    const token = newLoginToken()
    const expiresAt = new Date(Date.now() + this.#deps.identity.logins.ttlMs).toISOString()
    const tokenHash = this.#deps.identity.logins.hasher.hash(token)
    const { position } = await handleCommand(
      this.#deps.store,
      userStreamId(user.id),
      userDecider,
      { type: 'LogIn', data: { tokenHash, expiresAt } },
      { actor: { kind: 'user', id: user.id } },
    )
    await awaitUsers(this.#deps, position)
    return { token, expiresAt, user: toUserView(user) }
  }
}

export class Logout extends Command<{ success: true }> {
  readonly token: string
  constructor(token: string) {
    super()
    this.token = token
  }
}

export class LogoutHandler implements ICommandHandler<Logout> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ token }: Logout) {
    const tokenHash = this.#deps.identity.logins.hasher.hash(token)
    const login = await this.#deps.db.selectFrom('login_sessions').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst()
    if (login) {
      const { position } = await handleCommand(
        this.#deps.store,
        userStreamId(login.user_id),
        userDecider,
        { type: 'LogOut', data: { tokenHash } },
        { actor: { kind: 'user', id: login.user_id } },
      )
      await awaitUsers(this.#deps, position)
    }
    return { success: true as const }
  }
}
