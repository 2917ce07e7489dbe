import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'

export interface GroupChanges {
  subject?: string
  /** Empty: the description is removed. */
  description?: string
  /** Only admins may send messages. */
  announce?: boolean
  /** Only admins may edit the group's info. */
  restrict?: boolean
}

export class UpdateGroup extends Command<{ success: true; sessionId: string; groupJid: string }> {
  readonly caller: Caller
  readonly sessionId: string
  readonly groupJid: string
  readonly changes: GroupChanges
  constructor(caller: Caller, sessionId: string, groupJid: string, changes: GroupChanges) {
    super()
    this.caller = caller
    this.sessionId = sessionId
    this.groupJid = groupJid
    this.changes = changes
  }
}

/** Subject, description, who may send and who may edit: only what is given changes. */
export class UpdateGroupHandler implements ICommandHandler<UpdateGroup> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, groupJid, changes }: UpdateGroup) {
    const { sessionId: id } = await actOnSession(this.#deps, caller, sessionId, { kind: 'group.update', groupJid, ...changes })
    return { success: true as const, sessionId: id, groupJid }
  }
}
