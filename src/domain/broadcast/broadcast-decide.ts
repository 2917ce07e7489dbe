import { ConflictError, ValidationError } from '../errors.ts'
import { BroadcastEventTypes, type BroadcastEvent } from './broadcast-events.ts'
import { nextRecipient, type BroadcastState } from './broadcast-state.ts'

export const MAX_BROADCAST_RECIPIENTS = 5000

export function decideStart(
  state: BroadcastState,
  input: { id: string; sessionId: string; userId: string; recipients: readonly string[]; message: string; delayMs: { min: number; max: number }; requestedDelayMs: number | null },
): BroadcastEvent[] {
  if (state.exists) throw new ConflictError(`broadcast ${input.id} exists`)
  const recipients = [...new Set(input.recipients)]
  if (recipients.length === 0) throw new ValidationError('recipients needs at least one JID')
  if (recipients.length > MAX_BROADCAST_RECIPIENTS) throw new ValidationError(`recipients takes at most ${MAX_BROADCAST_RECIPIENTS} JIDs`)
  return [{ type: BroadcastEventTypes.started, data: { ...input, recipients } }]
}

/** Records one recipient's outcome, and the end of the broadcast once nobody is left. */
export function decideOutcome(state: BroadcastState, jid: string, outcome: { messageId: string } | { error: string }): BroadcastEvent[] {
  if (state.recipients.get(jid) !== 'PENDING' || state.status !== 'RUNNING') return []
  const event: BroadcastEvent =
    'messageId' in outcome
      ? { type: BroadcastEventTypes.recipientSent, data: { jid, messageId: outcome.messageId } }
      : { type: BroadcastEventTypes.recipientFailed, data: { jid, error: outcome.error } }
  const remaining = [...state.recipients].filter(([other, status]) => other !== jid && status === 'PENDING').length
  if (remaining > 0) return [event]
  const counts = [...state.recipients.entries()].map(([other, status]) => (other === jid ? event.type : status))
  const sent = counts.filter((s) => s === 'SENT' || s === BroadcastEventTypes.recipientSent).length
  return [event, { type: BroadcastEventTypes.completed, data: { sent, failed: state.recipients.size - sent } }]
}

export function decideCancel(state: BroadcastState): BroadcastEvent[] {
  if (state.status !== 'RUNNING') throw new ConflictError(`broadcast ${state.id} is already ${state.status}`)
  return nextRecipient(state) === undefined ? [] : [{ type: BroadcastEventTypes.cancelled, data: {} }]
}
