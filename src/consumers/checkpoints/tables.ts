import type { ColumnType } from 'kysely'

export interface CheckpointsTable {
  name: string
  position: bigint
  updated_at: ColumnType<Date, Date | undefined, Date>
}

export interface CheckpointTables {
  checkpoints: CheckpointsTable
}
