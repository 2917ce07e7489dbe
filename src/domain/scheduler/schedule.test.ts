import { describe, expect, it } from 'vitest'
import { ConflictError, ValidationError } from '../errors.ts'
import { decideCancel, decideCreate, decideDispatch, decideOutcome, DISPATCH_LEASE_MS } from './schedule-decide.ts'
import type { ScheduleEvent } from './schedule-events.ts'
import { evolveSchedule, initialScheduleState } from './schedule-state.ts'
import { parseSendAt } from './send-at.ts'

const fold = (events: ScheduleEvent[]) => events.reduce(evolveSchedule, initialScheduleState)
const created = () =>
  decideCreate(initialScheduleState, {
    id: 's1',
    sessionId: 'abc',
    userId: 'u1',
    jid: '62811@s.whatsapp.net',
    content: 'hi',
    mediaUrl: null,
    mediaType: null,
    sendAt: '2026-01-15T02:00:00.000Z',
    requested: { sendAt: '2026-01-15T09:00:00', timeZone: 'Asia/Jakarta' },
  })

describe('parseSendAt', () => {
  it('reads a time without offset in the configured zone, and keeps explicit offsets', () => {
    expect(parseSendAt('2026-01-15T09:00:00', 'Asia/Jakarta').toISOString()).toBe('2026-01-15T02:00:00.000Z')
    expect(parseSendAt('2026-01-15T09:00:00', 'UTC').toISOString()).toBe('2026-01-15T09:00:00.000Z')
    expect(parseSendAt('2026-01-15T09:00:00+07:00', 'UTC').toISOString()).toBe('2026-01-15T02:00:00.000Z')
    expect(parseSendAt('2026-01-15T09:00:00Z', 'Asia/Jakarta').toISOString()).toBe('2026-01-15T09:00:00.000Z')
    // Daylight saving: 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
    expect(parseSendAt('2026-01-15T09:00:00', 'Europe/Berlin').toISOString()).toBe('2026-01-15T08:00:00.000Z')
    expect(parseSendAt('2026-07-15T09:00:00', 'Europe/Berlin').toISOString()).toBe('2026-07-15T07:00:00.000Z')
  })
  it('says what is wrong with a bad date', () => {
    expect(() => parseSendAt('next tuesday', 'UTC')).toThrow(ValidationError)
    expect(() => parseSendAt('2026-02-30T09:00:00', 'UTC')).toThrow(/not an ISO 8601/)
    expect(() => parseSendAt('2026-01-15', 'UTC')).toThrow(/no time of day/)
  })
})

describe('schedule decisions', () => {
  it('is taken once: a second node cannot take it while the first holds it, but may after the lease', () => {
    const history = created()
    const now = new Date('2026-01-15T02:00:00Z')
    history.push(...decideDispatch(fold(history), 'node-a', now))
    expect(decideDispatch(fold(history), 'node-b', new Date(now.getTime() + 1000))).toEqual([])
    expect(decideDispatch(fold(history), 'node-b', new Date(now.getTime() + DISPATCH_LEASE_MS + 1))).toHaveLength(1)
  })

  it('records one outcome; a sent schedule cannot be cancelled or sent again', () => {
    const history = created()
    history.push(...decideDispatch(fold(history), 'node-a', new Date()))
    expect(() => decideCancel(fold(history))).toThrow(ConflictError)
    history.push(...decideOutcome(fold(history), { messageId: 'M' }, new Date()))
    expect(fold(history).status).toBe('SENT')
    expect(decideOutcome(fold(history), { reason: 'x' }, new Date())).toEqual([])
    expect(decideDispatch(fold(history), 'node-a', new Date())).toEqual([])
    expect(() => decideCancel(fold(history))).toThrow(/already SENT/)
  })

  it('cancels a pending schedule once', () => {
    const history = created()
    history.push(...decideCancel(fold(history)))
    expect(fold(history).status).toBe('CANCELLED')
    expect(decideCancel(fold(history))).toEqual([])
    expect(decideDispatch(fold(history), 'n', new Date())).toEqual([])
  })
})
