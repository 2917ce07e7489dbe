import { BroadcastEventTypes, type BroadcastEvent } from './broadcast-events.ts'

export type BroadcastStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLED'
export type RecipientStatus = 'PENDING' | 'SENT' | 'FAILED'

export interface BroadcastState {
  readonly exists: boolean
  readonly id: string
  readonly sessionId: string
  readonly message: string
  readonly status: BroadcastStatus
  readonly delayMs: { readonly min: number; readonly max: number }
  /** Recipients in the order given, each at most once. */
  readonly recipients: ReadonlyMap<string, RecipientStatus>
}

export const initialBroadcastState: BroadcastState = {
  exists: false,
  id: '',
  sessionId: '',
  message: '',
  status: 'RUNNING',
  delayMs: { min: 0, max: 0 },
  recipients: new Map(),
}

export function evolveBroadcast(state: BroadcastState, event: BroadcastEvent): BroadcastState {
  switch (event.type) {
    case BroadcastEventTypes.started:
      return {
        exists: true,
        id: event.data.id,
        sessionId: event.data.sessionId,
        message: event.data.message,
        status: 'RUNNING',
        delayMs: event.data.delayMs,
        recipients: new Map(event.data.recipients.map((jid) => [jid, 'PENDING' as const])),
      }
    case BroadcastEventTypes.recipientSent:
    case BroadcastEventTypes.recipientFailed: {
      const recipients = new Map(state.recipients)
      recipients.set(event.data.jid, event.type === BroadcastEventTypes.recipientSent ? 'SENT' : 'FAILED')
      return { ...state, recipients }
    }
    case BroadcastEventTypes.cancelled:
      return { ...state, status: 'CANCELLED' }
    case BroadcastEventTypes.completed:
      return { ...state, status: 'COMPLETED' }
  }
}

/** The next recipient still to message, if the broadcast is running. */
export function nextRecipient(state: BroadcastState): string | undefined {
  if (state.status !== 'RUNNING') return undefined
  for (const [jid, status] of state.recipients) if (status === 'PENDING') return jid
  return undefined
}
