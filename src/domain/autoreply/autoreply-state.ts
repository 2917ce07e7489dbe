import { AutoReplyEventTypes, type AutoReplyEvent } from './autoreply-events.ts'

export interface AutoReplyState {
  readonly exists: boolean
  readonly deleted: boolean
  readonly id: string
  readonly sessionId: string
}

export const initialAutoReplyState: AutoReplyState = { exists: false, deleted: false, id: '', sessionId: '' }

export function evolveAutoReply(state: AutoReplyState, event: AutoReplyEvent): AutoReplyState {
  switch (event.type) {
    case AutoReplyEventTypes.created:
      return { exists: true, deleted: false, id: event.data.id, sessionId: event.data.sessionId }
    case AutoReplyEventTypes.deleted:
      return { ...state, deleted: true }
  }
}
