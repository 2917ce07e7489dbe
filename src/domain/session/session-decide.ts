import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import { DEFAULT_SESSION_CONFIG, SESSION_CONFIG_KEYS, type SessionConfig } from './session-config.ts'
import { SessionEventTypes, type SessionCreated, type SessionDeleted, type SessionSettingsUpdated } from './session-events.ts'
import type { SessionState } from './session-state.ts'

export function decideCreate(
  state: SessionState,
  input: { id: string; sessionId: string; userId: string; name: string; config?: Partial<SessionConfig> },
): SessionCreated[] {
  if (state.exists) throw new ConflictError(`session ${input.sessionId} already exists`)
  const name = input.name.trim()
  if (!name) throw new ValidationError('name must not be empty')
  return [
    {
      type: SessionEventTypes.created,
      data: { ...input, name, config: { ...DEFAULT_SESSION_CONFIG, ...input.config } },
    },
  ]
}

export function decideUpdateSettings(state: SessionState, patch: Partial<SessionConfig>): SessionSettingsUpdated[] {
  assertLive(state)
  const config = { ...state.config, ...patch }
  const changed = SESSION_CONFIG_KEYS.filter((key) => config[key] !== state.config[key])
  if (changed.length === 0) return []
  return [{ type: SessionEventTypes.settingsUpdated, data: { config, changed } }]
}

export function decideDelete(state: SessionState): SessionDeleted[] {
  assertLive(state)
  return [{ type: SessionEventTypes.deleted, data: { id: state.id, sessionId: state.sessionId } }]
}

export function assertLive(state: SessionState): void {
  if (!state.exists || state.deleted) throw new NotFoundError('session not found')
}
