import type { ColumnType } from 'kysely'

/** The event store a database's read models and checkpoints were built from. */
export type EventStoreKind = 'postgres' | 'kurrentdb'

export interface EventStoreOriginTable {
  id: ColumnType<boolean, boolean | undefined, never>
  kind: EventStoreKind
  recorded_at: ColumnType<Date, Date | undefined, never>
}

export interface EventStoreOriginTables {
  event_store_origin: EventStoreOriginTable
}
