import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { SessionCommand } from '../../actors/session-commands.ts'
import type { CommandResult } from '../../actors/session/session-actor.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { awaitSessionView } from './await-session-view.ts'
import { findSessionFor } from './find-session.ts'
import type { SessionView } from './session-view.ts'

export type SessionControl = 'start' | 'stop' | 'restart' | 'logout'

export class ControlSession extends Command<SessionView> {
  readonly caller: Caller
  readonly idOrSessionId: string
  readonly control: SessionControl
  readonly pairingPhone: string | undefined
  constructor(caller: Caller, idOrSessionId: string, control: SessionControl, pairingPhone?: string) {
    super()
    this.caller = caller
    this.idOrSessionId = idOrSessionId
    this.control = control
    this.pairingPhone = pairingPhone
  }
}

/** Start, stop, restart or log out a session on whichever node runs it. */
export class ControlSessionHandler implements ICommandHandler<ControlSession> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, idOrSessionId, control, pairingPhone }: ControlSession): Promise<SessionView> {
    const session = await findSessionFor(this.#deps.db, caller, idOrSessionId, 'control')
    const cause = causeOf(caller)
    const command: SessionCommand =
      control === 'start'
        ? { type: 'session.start', cause, ...(pairingPhone ? { connectOptions: { pairingPhone } } : {}) }
        : { type: `session.${control}`, cause }
    const { position } = await this.#deps.registry.execute<CommandResult>(session.session_id, command)
    return awaitSessionView(this.#deps, session.session_id, position)
  }
}
