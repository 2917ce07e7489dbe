import { Command, Query, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'

/** Where WhatsApp's invite links point. */
export const INVITE_LINK_BASE = 'https://chat.whatsapp.com/'

export interface GroupInviteView {
  sessionId: string
  groupJid: string
  code: string
  link: string
}

export class GetGroupInvite extends Query<GroupInviteView> {
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

/** Asks WhatsApp (the code can change on another device): only a group's admins may. */
export class GetGroupInviteHandler implements IQueryHandler<GetGroupInvite> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, groupJid }: GetGroupInvite): Promise<GroupInviteView> {
    const { sessionId: id, answer } = await actOnSession<{ code: string }>(this.#deps, caller, sessionId, { kind: 'group.invite-code', groupJid })
    return { sessionId: id, groupJid, code: answer.code, link: INVITE_LINK_BASE + answer.code }
  }
}

export class RevokeGroupInvite extends Command<GroupInviteView> {
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

/** The old link stops working; the answer is the new one. */
export class RevokeGroupInviteHandler implements ICommandHandler<RevokeGroupInvite> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, groupJid }: RevokeGroupInvite): Promise<GroupInviteView> {
    const { sessionId: id, answer } = await actOnSession<{ code: string }>(this.#deps, caller, sessionId, { kind: 'group.revoke-invite', groupJid })
    return { sessionId: id, groupJid, code: answer.code, link: INVITE_LINK_BASE + answer.code }
  }
}
