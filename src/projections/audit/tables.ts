import type { ColumnType } from 'kysely'

export interface AuditLogTable {
  position: bigint
  event_id: string
  type: string
  stream_id: string
  session_id: string | null
  subject_user_id: string | null
  actor_kind: string | null
  actor_id: string | null
  node_id: string | null
  occurred_at: Date
  data: ColumnType<unknown, string, string>
}

export interface AuditTables {
  audit_log: AuditLogTable
}
