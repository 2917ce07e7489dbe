import { toStreamName } from '../streams.ts'
export const ScheduleEventTypes = {
  created: 'schedule.created',
  dispatched: 'schedule.dispatched',
  sent: 'schedule.sent',
  failed: 'schedule.failed',
  cancelled: 'schedule.cancelled',
} as const

export type ScheduleMediaType = 'IMAGE' | 'VIDEO' | 'AUDIO' | 'DOCUMENT'

export type ScheduleEvent =
  | {
      type: typeof ScheduleEventTypes.created
      data: {
        id: string
        sessionId: string
        userId: string
        jid: string
        content: string
        mediaUrl: string | null
        mediaType: ScheduleMediaType | null
        /** When to send, UTC. */
        sendAt: string
        /** The caller's sendAt as given, and the zone a time without offset was read in. */
        requested: { sendAt: string; timeZone: string }
      }
    }
  /** A node took the schedule to send it (the claim that keeps two nodes from both sending). */
  | { type: typeof ScheduleEventTypes.dispatched; data: { nodeId: string; at: string } }
  | { type: typeof ScheduleEventTypes.sent; data: { messageId: string; at: string } }
  | { type: typeof ScheduleEventTypes.failed; data: { reason: string; at: string } }
  | { type: typeof ScheduleEventTypes.cancelled; data: Record<string, never> }

export const scheduleStreamId = (id: string) => toStreamName('schedule', id)
