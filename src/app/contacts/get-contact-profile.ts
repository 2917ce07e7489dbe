import { Query, type IQueryHandler } from '@nestjs/cqrs'
import type { ContactProfile } from '../../domain/actions/contact-actions.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { contactIdentity } from './contact-identity.ts'

export interface ContactProfileView extends ContactProfile {
  readonly jid: string
  readonly jidAlt: string | null
  /** The name in the account's address book and the person's own push name, as last recorded. */
  readonly name: string | null
  readonly notify: string | null
}

export class GetContactProfile extends Query<ContactProfileView> {
  readonly caller: Caller
  readonly sessionId: string
  readonly jid: string
  constructor(caller: Caller, sessionId: string, jid: string) {
    super()
    this.caller = caller
    this.sessionId = sessionId
    this.jid = jid
  }
}

/** A person's profile, live from WhatsApp (about, picture, business profile), with the names the session recorded. */
export class GetContactProfileHandler implements IQueryHandler<GetContactProfile> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, jid }: GetContactProfile): Promise<ContactProfileView> {
    const session = await findSessionFor(this.#deps.db, caller, sessionId, 'send')
    const person = await contactIdentity(this.#deps.db, session.session_id, jid)
    const { answer } = await actOnSession<ContactProfile>(this.#deps, caller, session.session_id, { kind: 'contact.profile', jid: person.jid }, 'send')
    // The contacts read model first (WhatsApp's contact updates), the chat's names where it has none.
    const names = async (table: 'contacts' | 'chats') =>
      this.#deps.db.selectFrom(table).select(['name', 'notify']).where('session_id', '=', session.session_id).where('jid', '=', person.jid).executeTakeFirst()
    const [contact, chat] = await Promise.all([names('contacts'), names('chats')])
    return { jid: person.jid, jidAlt: person.jidAlt, name: contact?.name ?? chat?.name ?? null, notify: contact?.notify ?? chat?.notify ?? null, ...answer }
  }
}
