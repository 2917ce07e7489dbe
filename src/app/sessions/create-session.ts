import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { ConflictError, ForbiddenError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { newId, newShortId } from '../../domain/ids.ts'
import type { SessionConfig } from '../../domain/session/session-config.ts'
import { withSealedProxy } from './seal-proxy.ts'
import type { AppDeps } from '../app-deps.ts'
import { awaitSessionView } from './await-session-view.ts'
import type { SessionView } from './session-view.ts'

export class CreateSession extends Command<SessionView> {
  readonly caller: Caller
  readonly name: string
  readonly config: Partial<SessionConfig> | undefined
  constructor(caller: Caller, name: string, config?: Partial<SessionConfig>) {
    super()
    this.caller = caller
    this.name = name
    this.config = config
  }
}

const SHORT_ID_ATTEMPTS = 5

/** Creates a session for the caller; it starts connecting at once (a QR follows within seconds). */
export class CreateSessionHandler implements ICommandHandler<CreateSession> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, name, config }: CreateSession): Promise<SessionView> {
    if (caller.role === 'STAFF') throw new ForbiddenError('staff users cannot create sessions; ask an owner to assign one to you')
    for (let attempt = 1; ; attempt++) {
      const sessionId = newShortId()
      try {
        const { position } = await this.#deps.registry.create(
          { id: newId(), sessionId, userId: caller.userId, name, config: withSealedProxy(config, this.#deps.proxies) },
          causeOf(caller),
        )
        return await awaitSessionView(this.#deps, sessionId, position)
      } catch (error) {
        // A short id collision: draw another.
        if (!(error instanceof ConflictError) || attempt >= SHORT_ID_ATTEMPTS) throw error
      }
    }
  }
}
