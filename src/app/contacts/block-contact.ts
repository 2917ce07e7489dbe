import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { contactIdentity } from './contact-identity.ts'

export class SetContactBlocked extends Command<{ success: true; jid: string; jidAlt: string | null; blocked: boolean }> {
  readonly caller: Caller
  readonly sessionId: string
  readonly jid: string
  readonly blocked: boolean
  constructor(caller: Caller, input: { sessionId: string; jid: string; blocked: boolean }) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.jid = input.jid
    this.blocked = input.blocked
  }
}

/** Blocks or unblocks a person (either form of their JID); the driver records the change. */
export class SetContactBlockedHandler implements ICommandHandler<SetContactBlocked> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, jid, blocked }: SetContactBlocked) {
    const session = await findSessionFor(this.#deps.db, caller, sessionId, 'send')
    const person = await contactIdentity(this.#deps.db, session.session_id, jid)
    await actOnSession(this.#deps, caller, session.session_id, { kind: 'contact.block', jid: person.jid, blocked }, 'send')
    return { success: true as const, jid: person.jid, jidAlt: person.jidAlt, blocked }
  }
}
