import { describe, expect, it } from 'vitest'
import { ConflictError, ValidationError } from '../errors.ts'
import { decideCancel, decideOutcome, decideStart } from './broadcast-decide.ts'
import type { BroadcastEvent } from './broadcast-events.ts'
import { evolveBroadcast, initialBroadcastState, nextRecipient } from './broadcast-state.ts'

const fold = (events: BroadcastEvent[]) => events.reduce(evolveBroadcast, initialBroadcastState)
const start = (recipients: string[]) =>
  decideStart(initialBroadcastState, { id: 'b1', sessionId: 's1', userId: 'u1', recipients, message: 'Hi all', delayMs: { min: 10, max: 20 }, requestedDelayMs: null })

describe('broadcast decisions', () => {
  it('messages each recipient once, in order, then completes', () => {
    const history = start(['a', 'b', 'a'])
    expect(nextRecipient(fold(history))).toBe('a')
    history.push(...decideOutcome(fold(history), 'a', { messageId: 'M1' }))
    expect(decideOutcome(fold(history), 'a', { messageId: 'M1' })).toEqual([])
    expect(nextRecipient(fold(history))).toBe('b')
    history.push(...decideOutcome(fold(history), 'b', { error: 'not on WhatsApp' }))
    expect(history.map((e) => e.type).slice(-2)).toEqual(['broadcast.recipient-failed', 'broadcast.completed'])
    expect(history.at(-1)!.data).toEqual({ sent: 1, failed: 1 })
    expect(nextRecipient(fold(history))).toBeUndefined()
  })

  it('cancels a running broadcast: nothing more is sent', () => {
    const history = start(['a', 'b'])
    history.push(...decideCancel(fold(history)))
    expect(nextRecipient(fold(history))).toBeUndefined()
    expect(() => decideCancel(fold(history))).toThrow(ConflictError)
    expect(decideOutcome(fold(history), 'a', { messageId: 'x' })).toEqual([])
  })

  it('refuses an empty recipient list', () => {
    expect(() => start([])).toThrow(ValidationError)
  })
})
