import { Command, Query, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs'
import { NoConnectedSessionError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import type { GroupParticipant } from '../../domain/messages/message-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { visibleSessionIds } from '../sessions/visible-sessions.ts'

/** A group as the seed shows it. */
export interface GroupView {
  id: string
  sessionId: string
  jid: string
  subject: string | null
  description: string | null
  ownerJid: string | null
  participants: GroupParticipant[]
  creation: string | null
  restrict: boolean
  announce: boolean
  inviteCode: string | null
}

export class ListGroups extends Query<GroupView[]> {
  readonly caller: Caller
  readonly sessionId: string | undefined
  constructor(caller: Caller, sessionId?: string) {
    super()
    this.caller = caller
    this.sessionId = sessionId
  }
}

/** The groups of the named session, or (as the seed says) of the first connected session the caller may use. */
export class ListGroupsHandler implements IQueryHandler<ListGroups> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId }: ListGroups): Promise<GroupView[]> {
    const db = this.#deps.db
    const session = sessionId
      ? await findSessionFor(db, caller, sessionId, 'view')
      : await firstConnectedSession(this.#deps, caller)
    if (!session) throw new NoConnectedSessionError()
    const rows = await db.selectFrom('groups').selectAll().where('session_id', '=', session.session_id).where('left', '=', false).orderBy('subject').execute()
    return rows.map((g) => ({
      id: g.id,
      sessionId: session.id,
      jid: g.jid,
      subject: g.subject,
      description: g.description,
      ownerJid: g.owner_jid,
      participants: g.participants,
      creation: g.creation?.toISOString() ?? null,
      restrict: g.restrict,
      announce: g.announce,
      inviteCode: g.invite_code,
    }))
  }
}

async function firstConnectedSession(deps: AppDeps, caller: Caller) {
  let query = deps.db.selectFrom('sessions').selectAll().where('deleted_at', 'is', null).where('status', '=', 'CONNECTED')
  const visible = visibleSessionIds(deps.db, caller)
  if (Array.isArray(visible) && visible.length === 0) return undefined
  if (visible !== 'all') query = query.where('session_id', 'in', visible)
  return query.orderBy('created_at').orderBy('id').limit(1).executeTakeFirst()
}

export class CreateGroup extends Command<{ success: true; group: { id: string; subject: string } }> {
  readonly caller: Caller
  readonly sessionId: string
  readonly subject: string
  readonly participants: readonly string[]
  constructor(caller: Caller, input: { sessionId: string; subject: string; participants: readonly string[] }) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.subject = input.subject
    this.participants = input.participants
  }
}

export class CreateGroupHandler implements ICommandHandler<CreateGroup> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, subject, participants }: CreateGroup) {
    const session = await findSessionFor(this.#deps.db, caller, sessionId, 'send')
    const group = await this.#deps.registry.execute<{ jid: string; subject: string }>(session.session_id, {
      type: 'session.create-group',
      cause: causeOf(caller),
      subject,
      participants: [...new Set(participants)],
    })
    return { success: true as const, group: { id: group.jid, subject: group.subject } }
  }
}
