import { DEFAULT_SESSION_CONFIG, type SessionConfig } from './session-config.ts'
import { SessionEventTypes, type ConnectionUpdate, type SessionEvent, type SessionStatus } from './session-events.ts'

/** A session as its stream tells it: the pure fold that rebuilds an actor after a restart. */
export interface SessionState {
  readonly exists: boolean
  readonly deleted: boolean
  readonly id: string
  readonly sessionId: string
  readonly userId: string
  readonly name: string
  readonly config: SessionConfig
  readonly status: SessionStatus
  readonly qr: string | null
  readonly desired: 'running' | 'stopped'
  readonly me: ConnectionUpdate['data']['me'] | null
  readonly revision: number
}

export const initialSessionState: SessionState = {
  exists: false,
  deleted: false,
  id: '',
  sessionId: '',
  userId: '',
  name: '',
  config: DEFAULT_SESSION_CONFIG,
  status: 'DISCONNECTED',
  qr: null,
  desired: 'stopped',
  me: null,
  revision: -1,
}

export function evolveSession(state: SessionState, event: SessionEvent & { revision?: number }): SessionState {
  const revision = event.revision ?? state.revision + 1
  switch (event.type) {
    case SessionEventTypes.created:
      // Sessions created before a setting existed have its default.
      return { ...state, ...event.data, config: { ...DEFAULT_SESSION_CONFIG, ...event.data.config }, exists: true, desired: 'running', revision }
    case SessionEventTypes.settingsUpdated:
      return { ...state, config: { ...DEFAULT_SESSION_CONFIG, ...event.data.config }, revision }
    case SessionEventTypes.deleted:
      return { ...state, deleted: true, desired: 'stopped', status: 'DISCONNECTED', qr: null, revision }
    case SessionEventTypes.connectionUpdate:
      return {
        ...state,
        status: event.data.status,
        qr: event.data.qr,
        desired: event.data.desired,
        me: event.data.me === undefined ? state.me : event.data.me,
        revision,
      }
    default:
      return { ...state, revision }
  }
}

export function foldSession(events: ReadonlyArray<SessionEvent & { revision?: number }>): SessionState {
  return events.reduce(evolveSession, initialSessionState)
}
