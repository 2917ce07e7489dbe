import type { Decider } from '../decider/decider.ts'
import { decideCancel, decideOutcome, decideStart } from './broadcast-decide.ts'
import type { BroadcastEvent } from './broadcast-events.ts'
import { evolveBroadcast, initialBroadcastState, type BroadcastState } from './broadcast-state.ts'

/** What may be asked of a broadcast's stream. */
export type BroadcastCommand =
  | { readonly type: 'StartBroadcast'; readonly data: Parameters<typeof decideStart>[1] }
  | { readonly type: 'RecordRecipientOutcome'; readonly data: { readonly jid: string; readonly outcome: { messageId: string } | { error: string } } }
  | { readonly type: 'CancelBroadcast' }

export function decideBroadcast(command: BroadcastCommand, state: BroadcastState): BroadcastEvent[] {
  switch (command.type) {
    case 'StartBroadcast':
      return decideStart(state, command.data)
    case 'RecordRecipientOutcome':
      return decideOutcome(state, command.data.jid, command.data.outcome)
    case 'CancelBroadcast':
      return decideCancel(state)
  }
}

export const broadcastDecider: Decider<BroadcastState, BroadcastCommand, BroadcastEvent> = {
  decide: decideBroadcast,
  evolve: evolveBroadcast,
  initialState: initialBroadcastState,
}
