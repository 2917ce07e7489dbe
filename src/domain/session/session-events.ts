import type { SessionConfig } from './session-config.ts'
import { toStreamName } from '../streams.ts'

/** The four statuses of the seed. */
export const SESSION_STATUSES = ['DISCONNECTED', 'CONNECTING', 'CONNECTED', 'ZOMBIE'] as const
export type SessionStatus = (typeof SESSION_STATUSES)[number]

/** Why a session is where it is; shown in connection.update so operators know what to do next. */
export type ConnectionReason =
  | 'created'
  | 'started'
  | 'restarted'
  | 'stopped'
  | 'qr'
  | 'pairing_code'
  | 'opened'
  | 'restart_required'
  | 'qr_timeout'
  | 'connection_lost'
  | 'unreachable'
  | 'silent'
  | 'reconnecting'
  | 'logged_out'
  | 'logout'
  | 'replaced'
  | 'failed'
  | 'deleted'
  | 'shutdown'

export const SessionEventTypes = {
  created: 'session.created',
  settingsUpdated: 'session.settings.updated',
  deleted: 'session.deleted',
  connectionUpdate: 'connection.update',
} as const

export interface SessionCreated {
  type: typeof SessionEventTypes.created
  data: { id: string; sessionId: string; userId: string; name: string; config: SessionConfig }
}

export interface SessionSettingsUpdated {
  type: typeof SessionEventTypes.settingsUpdated
  data: { config: SessionConfig; changed: ReadonlyArray<keyof SessionConfig> }
}

export interface SessionDeleted {
  type: typeof SessionEventTypes.deleted
  data: { id: string; sessionId: string }
}

export interface ConnectionUpdate {
  type: typeof SessionEventTypes.connectionUpdate
  data: {
    sessionId: string
    status: SessionStatus
    qr: string | null
    /** Set while linking by pairing code instead of QR. */
    pairingCode?: string | null
    reason: ConnectionReason
    /** Whether the session should be running: false after stop or logout, so a restart leaves it off. */
    desired: 'running' | 'stopped'
    /** The linked account once known (e.g. 6281…@s.whatsapp.net). */
    me?: { jid: string; lid?: string; name?: string } | null
    attempt?: number
    detail?: string
  }
}

export type SessionEvent = SessionCreated | SessionSettingsUpdated | SessionDeleted | ConnectionUpdate

/** Stored events of a session stream, typed: the stream holds nothing else. */
export const asSessionEvents = <E extends { type: string; data: unknown; revision: number }>(events: readonly E[]) =>
  events as unknown as ReadonlyArray<SessionEvent & { revision: number }>

export const sessionStreamId = (sessionId: string) => toStreamName('session', sessionId)
/** WhatsApp traffic of a session (messages, receipts, contacts, groups) lives beside its lifecycle. */
export const messagesStreamId = (sessionId: string) => toStreamName('messages', sessionId)
