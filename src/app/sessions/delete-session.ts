import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { CommandResult } from '../../actors/session/session-actor.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { sessionsProjection } from '../../projections/sessions/sessions-projection.ts'
import type { AppDeps } from '../app-deps.ts'
import { findSessionFor } from './find-session.ts'

export class DeleteSession extends Command<{ success: true }> {
  readonly caller: Caller
  readonly idOrSessionId: string
  constructor(caller: Caller, idOrSessionId: string) {
    super()
    this.caller = caller
    this.idOrSessionId = idOrSessionId
  }
}

/** Logs nothing out at WhatsApp: ends the socket, forgets the credentials, records the deletion. */
export class DeleteSessionHandler implements ICommandHandler<DeleteSession> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, idOrSessionId }: DeleteSession): Promise<{ success: true }> {
    const session = await findSessionFor(this.#deps.db, caller, idOrSessionId, 'delete')
    const { position } = await this.#deps.registry.execute<CommandResult>(session.session_id, {
      type: 'session.delete',
      cause: causeOf(caller),
    })
    if (position !== null) await this.#deps.projections.waitFor(sessionsProjection.name, BigInt(position), this.#deps.readYourWritesTimeoutMs)
    return { success: true }
  }
}
