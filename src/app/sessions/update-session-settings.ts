import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { CommandResult } from '../../actors/session/session-actor.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import type { SessionConfig } from '../../domain/session/session-config.ts'
import type { AppDeps } from '../app-deps.ts'
import { awaitSessionView } from './await-session-view.ts'
import { findSessionFor } from './find-session.ts'
import { withSealedProxy } from './seal-proxy.ts'
import type { SessionView } from './session-view.ts'

export class UpdateSessionSettings extends Command<SessionView> {
  readonly caller: Caller
  readonly idOrSessionId: string
  readonly config: Partial<SessionConfig>
  constructor(caller: Caller, idOrSessionId: string, config: Partial<SessionConfig>) {
    super()
    this.caller = caller
    this.idOrSessionId = idOrSessionId
    this.config = config
  }
}

export class UpdateSessionSettingsHandler implements ICommandHandler<UpdateSessionSettings> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, idOrSessionId, config }: UpdateSessionSettings): Promise<SessionView> {
    const session = await findSessionFor(this.#deps.db, caller, idOrSessionId, 'configure')
    const { position } = await this.#deps.registry.execute<CommandResult>(session.session_id, {
      type: 'session.update-settings',
      cause: causeOf(caller),
      config: withSealedProxy(config, this.#deps.proxies),
    })
    return awaitSessionView(this.#deps, session.session_id, position)
  }
}
