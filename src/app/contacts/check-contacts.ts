import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { ContactCheck } from '../../domain/actions/contact-actions.ts'
import { phoneJidOf } from '../../domain/contacts/phone-number.ts'
import { ValidationError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'

export interface ContactCheckView {
  /** What was asked, as given. */
  readonly input: string
  /** Its phone-number JID. */
  readonly jid: string
  readonly exists: boolean
  /** Its LID, when WhatsApp named it. */
  readonly lid: string | null
}

export class CheckContacts extends Command<ContactCheckView[]> {
  readonly caller: Caller
  readonly sessionId: string
  readonly numbers: readonly string[]
  constructor(caller: Caller, input: { sessionId: string; numbers: readonly string[] }) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.numbers = input.numbers
  }
}

/** Whether numbers are on WhatsApp: normalized by the seed's rules, each JID asked once (the driver batches, paces and caches). */
export class CheckContactsHandler implements ICommandHandler<CheckContacts> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, numbers }: CheckContacts): Promise<ContactCheckView[]> {
    const jids = numbers.map((input) => {
      const jid = phoneJidOf(input)
      if (!jid) throw new ValidationError(`invalid body: numbers: "${input}" is not a phone number (international format, e.g. 6287748687946, or 08… for Indonesia)`)
      return jid
    })
    const { answer } = await actOnSession<ContactCheck[]>(this.#deps, caller, sessionId, { kind: 'contact.check', jids: [...new Set(jids)] }, 'send')
    const byJid = new Map(answer.map((check) => [check.jid, check]))
    return numbers.map((input, i) => {
      const check = byJid.get(jids[i]!)
      return { input, jid: jids[i]!, exists: check?.exists ?? false, lid: check?.lid ?? null }
    })
  }
}
