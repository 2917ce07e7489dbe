import { toStreamName } from '../streams.ts'
export const BroadcastEventTypes = {
  started: 'broadcast.started',
  recipientSent: 'broadcast.recipient-sent',
  recipientFailed: 'broadcast.recipient-failed',
  cancelled: 'broadcast.cancelled',
  completed: 'broadcast.completed',
} as const

export type BroadcastEvent =
  | {
      type: typeof BroadcastEventTypes.started
      data: { id: string; sessionId: string; userId: string; recipients: string[]; message: string; delayMs: { min: number; max: number }; requestedDelayMs: number | null }
    }
  | { type: typeof BroadcastEventTypes.recipientSent; data: { jid: string; messageId: string } }
  | { type: typeof BroadcastEventTypes.recipientFailed; data: { jid: string; error: string } }
  | { type: typeof BroadcastEventTypes.cancelled; data: Record<string, never> }
  | { type: typeof BroadcastEventTypes.completed; data: { sent: number; failed: number } }

export const broadcastStreamId = (id: string) => toStreamName('broadcast', id)
