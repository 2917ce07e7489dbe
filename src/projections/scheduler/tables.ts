import type { ScheduleMediaType } from '../../domain/scheduler/schedule-events.ts'
import type { ScheduleStatus } from '../../domain/scheduler/schedule-state.ts'

export interface SchedulesTable {
  id: string
  session_id: string
  user_id: string
  jid: string
  content: string
  media_url: string | null
  media_type: ScheduleMediaType | null
  send_at: Date
  status: ScheduleStatus
  message_id: string | null
  error: string | null
  created_at: Date
  updated_at: Date
}

export interface SchedulesTables {
  schedules: SchedulesTable
}
