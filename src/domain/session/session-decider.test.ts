import { describe, expect, it } from 'vitest'
import { NotFoundError } from '../errors.ts'
import { sessionDecider } from './session-decider.ts'
import { foldSession } from './session-state.ts'

describe('session commands', () => {
  it('creates, records connection updates, changes settings and deletes through one decide', () => {
    const { decide, initialState } = sessionDecider
    const history = decide({ type: 'CreateSession', data: { id: 'c1', sessionId: 's1', userId: 'u1', name: 'Phone' } }, initialState)
    history.push(...decide({ type: 'RecordConnectionUpdate', data: { sessionId: 's1', status: 'CONNECTING', qr: null, reason: 'started', desired: 'running' } }, foldSession(history)))
    history.push(...decide({ type: 'UpdateSessionSettings', data: { patch: { readReceipts: true } } }, foldSession(history)))
    expect(decide({ type: 'UpdateSessionSettings', data: { patch: { readReceipts: true } } }, foldSession(history))).toEqual([])
    history.push(...decide({ type: 'DeleteSession' }, foldSession(history)))
    expect(foldSession(history)).toMatchObject({ deleted: true, status: 'DISCONNECTED', revision: 3 })
    expect(() => decide({ type: 'DeleteSession' }, foldSession(history))).toThrow(NotFoundError)
  })
})
