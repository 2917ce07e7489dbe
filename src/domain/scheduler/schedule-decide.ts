import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import { ScheduleEventTypes, type ScheduleEvent } from './schedule-events.ts'
import type { ScheduleState } from './schedule-state.ts'
import { isWithinStorableYears, STORABLE_YEARS } from '../time/storable-years.ts'

/** A node that took a schedule and went silent this long ago is presumed dead: another may take it. */
export const DISPATCH_LEASE_MS = 2 * 60 * 1000

export function isSendAtInRange(sendAt: string): boolean {
  return isWithinStorableYears(new Date(sendAt))
}

export function decideCreate(state: ScheduleState, data: Extract<ScheduleEvent, { type: 'schedule.created' }>['data']): ScheduleEvent[] {
  if (state.exists) throw new ConflictError(`schedule ${data.id} exists`)
  if (!isSendAtInRange(data.sendAt)) {
    throw new ValidationError(`sendAt: ${data.sendAt} is out of range; give a date between the years ${STORABLE_YEARS.min} and ${STORABLE_YEARS.max}`)
  }
  return [{ type: ScheduleEventTypes.created, data }]
}

/** Takes the schedule to send it now, unless it is done, or another node holds it. */
export function decideDispatch(state: ScheduleState, nodeId: string, now: Date): ScheduleEvent[] {
  if (!state.exists || state.status !== 'PENDING') return []
  if (state.dispatchedAt && now.getTime() - Date.parse(state.dispatchedAt) < DISPATCH_LEASE_MS) return []
  return [{ type: ScheduleEventTypes.dispatched, data: { nodeId, at: now.toISOString() } }]
}

export function decideOutcome(state: ScheduleState, outcome: { messageId: string } | { reason: string }, now: Date): ScheduleEvent[] {
  if (state.status !== 'PENDING') return []
  return 'messageId' in outcome
    ? [{ type: ScheduleEventTypes.sent, data: { messageId: outcome.messageId, at: now.toISOString() } }]
    : [{ type: ScheduleEventTypes.failed, data: { reason: outcome.reason, at: now.toISOString() } }]
}

/** Only a schedule that has not gone out can be cancelled. */
export function decideCancel(state: ScheduleState): ScheduleEvent[] {
  if (!state.exists) throw new NotFoundError('schedule not found')
  if (state.status === 'CANCELLED') return []
  if (state.status !== 'PENDING') throw new ConflictError(`schedule ${state.id} is already ${state.status}`)
  if (state.dispatchedAt) throw new ConflictError(`schedule ${state.id} is being sent right now`)
  return [{ type: ScheduleEventTypes.cancelled, data: {} }]
}
