import type { ColumnType } from 'kysely'
import type { EventMetadata } from '../../../domain/ports/event-store.ts'

export interface EventsTable {
  position: bigint
  id: string
  stream_id: string
  revision: number
  type: string
  data: unknown
  metadata: EventMetadata
  occurred_at: ColumnType<Date, Date | undefined, never>
}

export interface EventStoreTables {
  events: EventsTable
}

/** The constraints whose violations the store turns into its own errors. */
export const EVENT_ID_CONSTRAINT = 'events_id_key'
export const STREAM_REVISION_CONSTRAINT = 'events_stream_revision'
