import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'

export interface ProfileChange {
  readonly name?: string
  readonly about?: string
}

export class UpdateProfile extends Command<{ success: true; sessionId: string } & ProfileChange> {
  readonly caller: Caller
  readonly sessionId: string
  readonly change: ProfileChange
  constructor(caller: Caller, sessionId: string, change: ProfileChange) {
    super()
    this.caller = caller
    this.sessionId = sessionId
    this.change = change
  }
}

/** The account's push name and about, on WhatsApp. */
export class UpdateProfileHandler implements ICommandHandler<UpdateProfile> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, change }: UpdateProfile) {
    const { sessionId: id, answer } = await actOnSession<ProfileChange>(this.#deps, caller, sessionId, { kind: 'profile.update', ...change }, 'configure')
    return { success: true as const, sessionId: id, ...answer }
  }
}
