import { Query, type IQueryHandler } from '@nestjs/cqrs'
import { NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { alternateJids } from '../contacts/contact-identity.ts'
import { findSessionFor } from '../sessions/find-session.ts'

/** A member of a group: canonical address, its other form, and their role. */
export interface GroupMemberView {
  jid: string
  jidAlt: string | null
  admin: 'admin' | 'superadmin' | null
}

/** One group's metadata as the session's account knows it. */
export interface GroupDetailView {
  sessionId: string
  jid: string
  subject: string | null
  description: string | null
  ownerJid: string | null
  creation: string | null
  announce: boolean
  restrict: boolean
  participants: GroupMemberView[]
  /** The admins' canonical addresses (superadmin, the creator, included). */
  admins: string[]
  size: number
}

export class GetGroup extends Query<GroupDetailView> {
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

/** From the groups read model: the groups the account is in (a group it left is not found). */
export class GetGroupHandler implements IQueryHandler<GetGroup> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, groupJid }: GetGroup): Promise<GroupDetailView> {
    const db = this.#deps.db
    const session = await findSessionFor(db, caller, sessionId, 'view')
    const row = await db
      .selectFrom('groups')
      .selectAll()
      .where('session_id', '=', session.session_id)
      .where('jid', '=', groupJid)
      .where('left', '=', false)
      .executeTakeFirst()
    if (!row) throw new NotFoundError(`group ${groupJid} not found in session ${session.session_id}`)
    const alternates = await alternateJids(db, session.session_id, row.participants.map((p) => p.id))
    const participants = row.participants.map((p): GroupMemberView => ({ jid: p.id, jidAlt: alternates.get(p.id) ?? null, admin: p.admin }))
    return {
      sessionId: session.session_id,
      jid: row.jid,
      subject: row.subject,
      description: row.description,
      ownerJid: row.owner_jid,
      creation: row.creation?.toISOString() ?? null,
      announce: row.announce,
      restrict: row.restrict,
      participants,
      admins: participants.filter((p) => p.admin).map((p) => p.jid),
      size: participants.length,
    }
  }
}
