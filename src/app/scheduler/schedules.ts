import { Command, Query, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs'
import { NotFoundError, ValidationError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { newId } from '../../domain/ids.ts'
import { scheduleDecider } from '../../domain/scheduler/schedule-decider.ts'
import { scheduleStreamId, type ScheduleMediaType } from '../../domain/scheduler/schedule-events.ts'
import { parseSendAt } from '../../domain/scheduler/send-at.ts'
import { schedulesProjection } from '../../projections/scheduler/schedules-projection.ts'
import type { SchedulesTable } from '../../projections/scheduler/tables.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { assertSessionResource, visibleSessionIds } from '../sessions/visible-sessions.ts'
import type { Selectable } from 'kysely'

/** A scheduled message as the seed shows it, plus where it stands. */
export interface ScheduleView {
  id: string
  sessionId: string
  jid: string
  content: string
  mediaUrl: string | null
  mediaType: string | null
  sendAt: string
  status: string
  messageId: string | null
  error: string | null
  createdAt: string
}

const toView = (row: Selectable<SchedulesTable>): ScheduleView => ({
  id: row.id,
  sessionId: row.session_id,
  jid: row.jid,
  content: row.content,
  mediaUrl: row.media_url,
  mediaType: row.media_type,
  sendAt: row.send_at.toISOString(),
  status: row.status,
  messageId: row.message_id,
  error: row.error,
  createdAt: row.created_at.toISOString(),
})

export class CreateSchedule extends Command<ScheduleView> {
  readonly caller: Caller
  readonly input: { sessionId: string; jid: string; content: string; sendAt: string; mediaUrl?: string; mediaType?: ScheduleMediaType }
  constructor(caller: Caller, input: CreateSchedule['input']) {
    super()
    this.caller = caller
    this.input = input
  }
}

export class CreateScheduleHandler implements ICommandHandler<CreateSchedule> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, input }: CreateSchedule): Promise<ScheduleView> {
    const session = await findSessionFor(this.#deps.db, caller, input.sessionId, 'send')
    const { timeZone, misfireGraceMs } = this.#deps.scheduler
    const sendAt = parseSendAt(input.sendAt, timeZone)
    // Refused now, not found out at send time when nobody is there to read the error.
    if (input.mediaUrl) await this.#deps.checkMediaUrl(input.mediaUrl)
    if (Date.now() - sendAt.getTime() > misfireGraceMs) {
      throw new ValidationError(`sendAt: ${sendAt.toISOString()} is in the past (times without an offset are read in ${timeZone})`)
    }
    const id = newId()
    const { position } = await handleCommand(
      this.#deps.store,
      scheduleStreamId(id),
      scheduleDecider,
      {
        type: 'CreateSchedule',
        data: {
          id,
          sessionId: session.session_id,
          userId: caller.userId,
          jid: input.jid,
          content: input.content,
          mediaUrl: input.mediaUrl ?? null,
          mediaType: input.mediaUrl ? (input.mediaType ?? 'IMAGE') : null,
          sendAt: sendAt.toISOString(),
          requested: { sendAt: input.sendAt, timeZone },
        },
      },
      causeOf(caller),
    )
    if (position !== null) await this.#deps.projections.waitFor(schedulesProjection.name, position, this.#deps.readYourWritesTimeoutMs)
    return toView(await this.#deps.db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
  }
}

export class ListSchedules extends Query<ScheduleView[]> {
  readonly caller: Caller
  readonly sessionId: string | undefined
  constructor(caller: Caller, sessionId?: string) {
    super()
    this.caller = caller
    this.sessionId = sessionId
  }
}

/** The schedules of a session (or of every session the caller may see), soonest first. */
export class ListSchedulesHandler implements IQueryHandler<ListSchedules> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId }: ListSchedules): Promise<ScheduleView[]> {
    const db = this.#deps.db
    let query = db.selectFrom('schedules').selectAll()
    if (sessionId) {
      query = query.where('session_id', '=', (await findSessionFor(db, caller, sessionId, 'view')).session_id)
    } else {
      const visible = visibleSessionIds(db, caller)
      if (Array.isArray(visible) && visible.length === 0) return []
      if (visible !== 'all') query = query.where('session_id', 'in', visible)
    }
    return (await query.orderBy('send_at').orderBy('id').limit(1000).execute()).map(toView)
  }
}

export class CancelSchedule extends Command<{ success: true }> {
  readonly caller: Caller
  readonly id: string
  constructor(caller: Caller, id: string) {
    super()
    this.caller = caller
    this.id = id
  }
}

export class CancelScheduleHandler implements ICommandHandler<CancelSchedule> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, id }: CancelSchedule) {
    const row = await this.#deps.db.selectFrom('schedules').select(['id', 'session_id']).where('id', '=', id).executeTakeFirst()
    if (!row) throw new NotFoundError(`schedule ${id} not found`)
    await assertSessionResource(this.#deps.db, caller, row.session_id, 'send', `schedule ${id}`)
    const { position } = await handleCommand(this.#deps.store, scheduleStreamId(id), scheduleDecider, { type: 'CancelSchedule' }, causeOf(caller))
    if (position !== null) await this.#deps.projections.waitFor(schedulesProjection.name, position, this.#deps.readYourWritesTimeoutMs)
    return { success: true as const }
  }
}
