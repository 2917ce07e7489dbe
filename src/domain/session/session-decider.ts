import type { Decider } from '../decider/decider.ts'
import type { SessionConfig } from './session-config.ts'
import { decideCreate, decideDelete, decideUpdateSettings } from './session-decide.ts'
import { SessionEventTypes, type ConnectionUpdate, type SessionEvent } from './session-events.ts'
import { evolveSession, initialSessionState, type SessionState } from './session-state.ts'

/**
 * What may be asked of a session's stream (not to be confused with the actor's bus commands,
 * src/actors/session-commands.ts, which start, stop and send).
 */
export type SessionStreamCommand =
  | { readonly type: 'CreateSession'; readonly data: { id: string; sessionId: string; userId: string; name: string; config?: Partial<SessionConfig> } }
  | { readonly type: 'UpdateSessionSettings'; readonly data: { readonly patch: Partial<SessionConfig> } }
  | { readonly type: 'DeleteSession' }
  /** What the connection became (status, QR, pairing code, reason): the actor's machine decided it. */
  | { readonly type: 'RecordConnectionUpdate'; readonly data: ConnectionUpdate['data'] }

export function decideSession(command: SessionStreamCommand, state: SessionState): SessionEvent[] {
  switch (command.type) {
    case 'CreateSession':
      return decideCreate(state, command.data)
    case 'UpdateSessionSettings':
      return decideUpdateSettings(state, command.data.patch)
    case 'DeleteSession':
      return decideDelete(state)
    case 'RecordConnectionUpdate':
      return [{ type: SessionEventTypes.connectionUpdate, data: command.data }]
  }
}

export const sessionDecider: Decider<SessionState, SessionStreamCommand, SessionEvent> = {
  decide: decideSession,
  evolve: evolveSession,
  initialState: initialSessionState,
}
