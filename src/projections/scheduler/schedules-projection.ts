import { ScheduleEventTypes, type ScheduleEvent } from '../../domain/scheduler/schedule-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { isSendAtInRange } from '../../domain/scheduler/schedule-decide.ts'
import { STORABLE_YEARS } from '../../domain/time/storable-years.ts'
import type { Projection } from '../../consumers/projection.ts'
import type { SchedulesTables } from './tables.ts'
import { requireIdOfStream } from '../../domain/streams.ts'

/** The scheduled messages (GET /api/scheduler) and what the dispatchers look for. */
export const schedulesProjection: Projection<SchedulesTables> = {
  name: 'schedules',
  eventTypes: Object.values(ScheduleEventTypes),
  async apply(db, events) {
    for (const stored of events) {
      const event = stored as StoredEvent & ScheduleEvent
      const id = requireIdOfStream(stored.streamId, 'schedule')
      const at = stored.occurredAt
      switch (event.type) {
        case ScheduleEventTypes.created: {
          const d = event.data
          // Recorded before creation refused such dates: kept, FAILED, at the nearest date Postgres holds.
          const inRange = isSendAtInRange(d.sendAt)
          await db
            .insertInto('schedules')
            .values({
              id,
              session_id: d.sessionId,
              user_id: d.userId,
              jid: d.jid,
              content: d.content,
              media_url: d.mediaUrl,
              media_type: d.mediaType,
              send_at: inRange ? new Date(d.sendAt) : outOfRange(d.sendAt),
              status: inRange ? 'PENDING' : 'FAILED',
              message_id: null,
              error: inRange ? null : `sendAt ${d.sendAt} is outside the years ${STORABLE_YEARS.min} to ${STORABLE_YEARS.max}; it cannot be sent`,
              created_at: at,
              updated_at: at,
            })
            .onConflict((c) => c.column('id').doNothing())
            .execute()
          break
        }
        case ScheduleEventTypes.sent:
          await db.updateTable('schedules').set({ status: 'SENT', message_id: event.data.messageId, updated_at: at }).where('id', '=', id).execute()
          break
        case ScheduleEventTypes.failed:
          await db.updateTable('schedules').set({ status: 'FAILED', error: event.data.reason, updated_at: at }).where('id', '=', id).execute()
          break
        case ScheduleEventTypes.cancelled:
          await db.updateTable('schedules').set({ status: 'CANCELLED', updated_at: at }).where('id', '=', id).execute()
          break
      }
    }
  },
  async reset(db) {
    await db.deleteFrom('schedules').execute()
  },
}

/** The nearest date within the years a schedule may name. */
function outOfRange(sendAt: string): Date {
  const time = new Date(sendAt).getTime()
  return Number.isNaN(time) || time < 0 ? new Date(0) : new Date(Date.UTC(STORABLE_YEARS.max, 11, 31, 23, 59, 59))
}
