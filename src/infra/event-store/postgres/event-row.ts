import type { Selectable } from 'kysely'
import type { StoredEvent } from '../../../domain/ports/event-store.ts'
import type { EventsTable } from './tables.ts'

export type EventRow = Selectable<EventsTable>

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    occurredAt: row.occurred_at,
    data: row.data,
    metadata: row.metadata,
  }
}
