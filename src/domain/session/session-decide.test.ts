import { describe, expect, it } from 'vitest'
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import { decideCreate, decideDelete, decideUpdateSettings } from './session-decide.ts'
import { SessionEventTypes, type SessionEvent } from './session-events.ts'
import { foldSession, initialSessionState } from './session-state.ts'

const created = () => decideCreate(initialSessionState, { id: 'c1', sessionId: 'abc123', userId: 'u1', name: ' Marketing WA ' })

describe('session decisions', () => {
  it('creates a session that wants to run, with default settings and a trimmed name', () => {
    const events = created()
    const state = foldSession(events)
    expect(state).toMatchObject({ exists: true, name: 'Marketing WA', desired: 'running', status: 'DISCONNECTED', revision: 0 })
    expect(state.config).toEqual({
      autoReplyEnabled: false,
      ppGuardEnabled: false,
      ppGuardFallbackUrl: null,
      readReceipts: false,
      antiDelete: false,
      ghostMode: false,
      rejectCalls: false,
      rejectCallsMessage: null,
      proxy: null,
      proxySealed: null,
    })
  })

  it('refuses to create twice or with an empty name', () => {
    expect(() => decideCreate(foldSession(created()), { id: 'c2', sessionId: 'abc123', userId: 'u1', name: 'x' })).toThrow(ConflictError)
    expect(() => decideCreate(initialSessionState, { id: 'c2', sessionId: 'x', userId: 'u1', name: '  ' })).toThrow(ValidationError)
  })

  it('records only the settings that changed, and nothing when none did', () => {
    const state = foldSession(created())
    const events = decideUpdateSettings(state, { antiDelete: true, readReceipts: false })
    expect(events).toEqual([
      { type: SessionEventTypes.settingsUpdated, data: { config: { ...state.config, antiDelete: true }, changed: ['antiDelete'] } },
    ])
    const after = foldSession([...created(), ...events])
    expect(after.config.antiDelete).toBe(true)
    expect(decideUpdateSettings(after, { antiDelete: true })).toEqual([])
  })

  it('deletes once; a deleted session is gone for every later decision', () => {
    const history: SessionEvent[] = [...created()]
    history.push(...decideDelete(foldSession(history)))
    const state = foldSession(history)
    expect(state).toMatchObject({ deleted: true, desired: 'stopped' })
    expect(() => decideDelete(state)).toThrow(NotFoundError)
    expect(() => decideUpdateSettings(state, { ghostMode: true })).toThrow(NotFoundError)
  })

  it('follows connection updates: status, qr, desired state and the linked account', () => {
    const state = foldSession([
      ...created(),
      { type: 'connection.update', data: { sessionId: 'abc123', status: 'CONNECTING', qr: 'QR1', reason: 'qr', desired: 'running' } },
      {
        type: 'connection.update',
        data: { sessionId: 'abc123', status: 'CONNECTED', qr: null, reason: 'opened', desired: 'running', me: { jid: '62811@s.whatsapp.net' } },
      },
      { type: 'connection.update', data: { sessionId: 'abc123', status: 'DISCONNECTED', qr: null, reason: 'stopped', desired: 'stopped' } },
    ])
    expect(state).toMatchObject({ status: 'DISCONNECTED', qr: null, desired: 'stopped', me: { jid: '62811@s.whatsapp.net' }, revision: 3 })
  })
})
