import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import { DomainError, ForbiddenError } from '../../domain/errors.ts'
import { decideLogin, decideLogout } from '../../domain/identity/user-decide.ts'
import { userStreamId } from '../../domain/identity/user-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../handle-command.ts'
import { awaitUsers } from './await-users.ts'
import { normalizeEmail } from './email.ts'
import { newLoginToken } from './tokens.ts'
import { userDecider } from './user-decider.ts'
import { toUserView, type UserView } from './user-view.ts'

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('UNAUTHORIZED', 'invalid e-mail or password')
  }
}

export class TooManyAttemptsError extends DomainError {
  readonly retryAfterSeconds: number
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', `too many failed logins; try again in ${retryAfterSeconds} s`)
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

const WINDOW_SECONDS = 15 * 60

/**
 * Checks the password (argon2id) and opens a dashboard session. Failed attempts are limited per
 * account and per client address; an unknown address costs the same hashing time as a wrong password.
 */
export class LoginHandler implements ICommandHandler<Login> {
  readonly #deps: AppDeps
  readonly #perAccount = new RateLimiterMemory({ keyPrefix: 'login-account', points: 5, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS })
  readonly #perAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: 30, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS })
  #dummyHash: Promise<string> | undefined

  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ email: rawEmail, password, address }: Login) {
    const email = normalizeEmail(rawEmail)
    await this.#assertNotBlocked(email, address)
    const user = await this.#deps.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
    this.#dummyHash ??= this.#deps.identity.passwords.hash('timing equaliser')
    const valid = await this.#deps.identity.passwords.verify(user?.password_hash ?? (await this.#dummyHash), password)
    if (!user || !valid) {
      await Promise.all([this.#perAccount.penalty(email), this.#perAddress.penalty(address)])
      throw new InvalidCredentialsError()
    }
    if (user.disabled) throw new ForbiddenError('this account is disabled; ask an administrator')
    await this.#perAccount.delete(email)

    const token = newLoginToken()
    const expiresAt = new Date(Date.now() + this.#deps.identity.logins.ttlMs).toISOString()
    const tokenHash = this.#deps.identity.logins.hasher.hash(token)
    const { position } = await handleCommand(
      this.#deps.store,
      userStreamId(user.id),
      userDecider,
      (state) => decideLogin(state, { tokenHash, expiresAt }),
      { actor: { kind: 'user', id: user.id } },
    )
    await awaitUsers(this.#deps, position)
    return { token, expiresAt, user: toUserView(user) }
  }

  async #assertNotBlocked(email: string, address: string): Promise<void> {
    const [account, client] = await Promise.all([this.#perAccount.get(email), this.#perAddress.get(address)])
    for (const state of [account, client]) {
      if (state instanceof RateLimiterRes && state.remainingPoints <= 0 && state.msBeforeNext > 0) {
        throw new TooManyAttemptsError(Math.ceil(state.msBeforeNext / 1000))
      }
    }
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
        (state) => decideLogout(state, tokenHash),
        { actor: { kind: 'user', id: login.user_id } },
      )
      await awaitUsers(this.#deps, position)
    }
    return { success: true as const }
  }
}
