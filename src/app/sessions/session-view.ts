import type { Selectable } from 'kysely'
import type { SessionsTable } from '../../projections/sessions/tables.ts'
import { DEFAULT_SESSION_CONFIG } from '../../domain/session/session-config.ts'

/** A session as the API shows it: the seed's fields, plus what an operator needs to act. */
export interface SessionView {
  id: string
  userId: string
  name: string
  sessionId: string
  status: SessionsTable['status']
  qr: string | null
  pairingCode: string | null
  /** The settings; the proxy only masked (its sealed URL stays inside). */
  config: Omit<Selectable<SessionsTable>['config'], 'proxySealed'>
  me: Selectable<SessionsTable>['me']
  statusReason: string | null
  createdAt: string
  updatedAt: string
}

export function toSessionView(row: Selectable<SessionsTable>): SessionView {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    sessionId: row.session_id,
    status: row.status,
    qr: row.qr,
    pairingCode: row.pairing_code,
    config: shownConfig({ ...DEFAULT_SESSION_CONFIG, ...row.config }),
    me: row.me,
    statusReason: row.status_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

function shownConfig(config: Selectable<SessionsTable>['config']): SessionView['config'] {
  const { proxySealed: _sealed, ...shown } = config
  return shown
}
