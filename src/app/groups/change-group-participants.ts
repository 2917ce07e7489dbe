import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { GroupParticipantResult, GroupParticipantsAction } from '../../domain/actions/group-actions.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { contactIdentity } from '../contacts/contact-identity.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { actOnSession } from '../sessions/act-on-session.ts'

/** What happened to one participant: WhatsApp's status ('200' done; '403' not allowed, '404' unknown, '409' already there...). */
export interface ParticipantChangeView {
  input: string
  jid: string
  jidAlt: string | null
  status: string
  success: boolean
}

export class ChangeGroupParticipants extends Command<{ sessionId: string; groupJid: string; action: GroupParticipantsAction; results: ParticipantChangeView[] }> {
  readonly caller: Caller
  readonly input: { sessionId: string; groupJid: string; action: GroupParticipantsAction; participants: readonly string[] }
  constructor(caller: Caller, input: ChangeGroupParticipants['input']) {
    super()
    this.caller = caller
    this.input = input
  }
}

/** Adds, removes, promotes or demotes members (either form of their address); a result per participant. */
export class ChangeGroupParticipantsHandler implements ICommandHandler<ChangeGroupParticipants> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, input }: ChangeGroupParticipants) {
    const session = await findSessionFor(this.#deps.db, caller, input.sessionId, 'send')
    const people = await Promise.all(input.participants.map(async (given) => ({ given, ...(await contactIdentity(this.#deps.db, session.session_id, given)) })))
    const jids = [...new Set(people.map((p) => p.jid))]
    const { answer } = await actOnSession<GroupParticipantResult[]>(this.#deps, caller, session.session_id, {
      kind: 'group.participants',
      groupJid: input.groupJid,
      action: input.action,
      participants: jids,
    })
    const answered = new Map(answer.map((r) => [r.given, r]))
    const results = people.map(({ given, jid, jidAlt }): ParticipantChangeView => {
      const found = answered.get(jid)
      // A participant WhatsApp left out of its answer was not changed.
      const status = found?.status ?? '404'
      return { input: given, jid: found?.jid ?? jid, jidAlt: found?.jidAlt ?? jidAlt, status, success: status === '200' }
    })
    return { sessionId: session.session_id, groupJid: input.groupJid, action: input.action, results }
  }
}
