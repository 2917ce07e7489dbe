import { ScheduleEventTypes, type ScheduleEvent, type ScheduleMediaType } from './schedule-events.ts'

export type ScheduleStatus = 'PENDING' | 'SENT' | 'FAILED' | 'CANCELLED'

export interface ScheduleState {
  readonly exists: boolean
  readonly id: string
  readonly sessionId: string
  readonly jid: string
  readonly content: string
  readonly mediaUrl: string | null
  readonly mediaType: ScheduleMediaType | null
  readonly sendAt: string
  readonly status: ScheduleStatus
  /** Set while a node has taken it and no outcome is recorded yet. */
  readonly dispatchedAt: string | null
  readonly attempts: number
}

export const initialScheduleState: ScheduleState = {
  exists: false,
  id: '',
  sessionId: '',
  jid: '',
  content: '',
  mediaUrl: null,
  mediaType: null,
  sendAt: '',
  status: 'PENDING',
  dispatchedAt: null,
  attempts: 0,
}

export function evolveSchedule(state: ScheduleState, event: ScheduleEvent): ScheduleState {
  switch (event.type) {
    case ScheduleEventTypes.created: {
      const d = event.data
      return { ...initialScheduleState, exists: true, id: d.id, sessionId: d.sessionId, jid: d.jid, content: d.content, mediaUrl: d.mediaUrl, mediaType: d.mediaType, sendAt: d.sendAt }
    }
    case ScheduleEventTypes.dispatched:
      return { ...state, dispatchedAt: event.data.at, attempts: state.attempts + 1 }
    case ScheduleEventTypes.sent:
      return { ...state, status: 'SENT', dispatchedAt: null }
    case ScheduleEventTypes.failed:
      return { ...state, status: 'FAILED', dispatchedAt: null }
    case ScheduleEventTypes.cancelled:
      return { ...state, status: 'CANCELLED', dispatchedAt: null }
  }
}
