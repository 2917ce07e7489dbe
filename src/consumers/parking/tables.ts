import type { ColumnType } from 'kysely'

export interface ParkedEventsTable {
  id: string
  consumer: string
  position: bigint | null
  event_id: string
  event_type: string
  stream_id: string
  session_id: string | null
  payload: string | null
  error: string
  attempts: number
  first_failed_at: ColumnType<Date, Date, Date>
  last_failed_at: ColumnType<Date, Date, Date>
  resolved_at: Date | null
}

export interface ParkedEventsTables {
  parked_events: ParkedEventsTable
}
