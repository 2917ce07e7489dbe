import { Query, type IQueryHandler } from '@nestjs/cqrs'
import { isLidJid, isPhoneJid } from '../../domain/contacts/jid-forms.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { alternateJids } from './contact-identity.ts'

export interface ContactView {
  readonly jid: string
  readonly jidAlt: string | null
  readonly lid: string | null
  /** Digits of the phone number, when known. */
  readonly phoneNumber: string | null
  readonly name: string | null
  readonly notify: string | null
  readonly profilePic: string | null
  readonly blocked: boolean
}

export class ListContacts extends Query<ContactView[]> {
  readonly caller: Caller
  readonly sessionId: string
  constructor(caller: Caller, sessionId: string) {
    super()
    this.caller = caller
    this.sessionId = sessionId
  }
}

/** The people a session knows, one row each (canonical JID, both forms named), by name. */
export class ListContactsHandler implements IQueryHandler<ListContacts> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId }: ListContacts): Promise<ContactView[]> {
    const db = this.#deps.db
    const session = await findSessionFor(db, caller, sessionId, 'view')
    const rows = await db
      .selectFrom('contacts')
      .selectAll()
      .where('session_id', '=', session.session_id)
      .orderBy((eb) => eb.fn.coalesce('name', 'notify', 'jid'))
      .orderBy('jid')
      .execute()
    const alternates = await alternateJids(db, session.session_id, rows.map((r) => r.jid))
    return rows.map((row) => {
      const jidAlt = alternates.get(row.jid) ?? null
      const pn = isPhoneJid(row.jid) ? row.jid : isPhoneJid(jidAlt) ? jidAlt : null
      const lid = isLidJid(row.jid) ? row.jid : isLidJid(jidAlt) ? jidAlt : null
      return {
        jid: row.jid,
        jidAlt,
        lid,
        phoneNumber: pn ? pn.split('@')[0]! : null,
        name: row.name,
        notify: row.notify,
        profilePic: row.profile_pic,
        blocked: row.blocked,
      }
    })
  }
}
