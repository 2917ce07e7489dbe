import type { Decider } from '../decider/decider.ts'
import { decideCreate, decideDelete } from './autoreply-decide.ts'
import type { AutoReplyEvent, AutoReplyRuleData } from './autoreply-events.ts'
import { evolveAutoReply, initialAutoReplyState, type AutoReplyState } from './autoreply-state.ts'

/** What may be asked of an auto-reply rule's stream. */
export type AutoReplyCommand = { readonly type: 'CreateAutoReply'; readonly data: AutoReplyRuleData } | { readonly type: 'DeleteAutoReply' }

export function decideAutoReply(command: AutoReplyCommand, state: AutoReplyState): AutoReplyEvent[] {
  switch (command.type) {
    case 'CreateAutoReply':
      return decideCreate(state, command.data)
    case 'DeleteAutoReply':
      return decideDelete(state)
  }
}

export const autoReplyDecider: Decider<AutoReplyState, AutoReplyCommand, AutoReplyEvent> = {
  decide: decideAutoReply,
  evolve: evolveAutoReply,
  initialState: initialAutoReplyState,
}
