import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'

export class JoinGroup extends Command<{ success: true; sessionId: string; groupJid: string }> {
  readonly caller: Caller
  readonly sessionId: string
  /** The code alone (the route takes a chat.whatsapp.com link too). */
  readonly inviteCode: string
  constructor(caller: Caller, sessionId: string, inviteCode: string) {
    super()
    this.caller = caller
    this.sessionId = sessionId
    this.inviteCode = inviteCode
  }
}

/** Joins the group an invite code opens. */
export class JoinGroupHandler implements ICommandHandler<JoinGroup> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, inviteCode }: JoinGroup) {
    const { sessionId: id, answer } = await actOnSession<{ jid: string }>(this.#deps, caller, sessionId, { kind: 'group.join', inviteCode })
    return { success: true as const, sessionId: id, groupJid: answer.jid }
  }
}

export class LeaveGroup extends Command<{ success: true; sessionId: string; groupJid: string }> {
  readonly caller: Caller
  readonly sessionId: string
  readonly groupJid: string
  constructor(caller: Caller, sessionId: string, groupJid: string) {
    super()
    this.caller = caller
    this.sessionId = sessionId
    this.groupJid = groupJid
  }
}

/** Leaves a group: it leaves GET /api/groups too. */
export class LeaveGroupHandler implements ICommandHandler<LeaveGroup> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, groupJid }: LeaveGroup) {
    const { sessionId: id } = await actOnSession(this.#deps, caller, sessionId, { kind: 'group.leave', groupJid })
    return { success: true as const, sessionId: id, groupJid }
  }
}
