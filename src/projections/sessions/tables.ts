import type { ColumnType } from 'kysely'
import type { LinkedAccount } from '../../domain/ports/whatsapp-driver.ts'
import type { SessionConfig } from '../../domain/session/session-config.ts'
import type { SessionStatus } from '../../domain/session/session-events.ts'

export interface SessionsTable {
  id: string
  session_id: string
  user_id: string
  name: string
  status: SessionStatus
  qr: string | null
  pairing_code: string | null
  desired: 'running' | 'stopped'
  /** jsonb: written as JSON text (pg would turn a JS array into a Postgres array). */
  config: ColumnType<SessionConfig, string, string>
  me: ColumnType<LinkedAccount | null, string | null, string | null>
  status_reason: string | null
  created_at: Date
  updated_at: Date
  deleted_at: Date | null
}

export interface SessionsTables {
  sessions: SessionsTable
}
