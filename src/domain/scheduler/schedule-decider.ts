import type { Decider } from '../decider/decider.ts'
import { decideCancel, decideCreate, decideDispatch, decideOutcome } from './schedule-decide.ts'
import type { ScheduleEvent } from './schedule-events.ts'
import { evolveSchedule, initialScheduleState, type ScheduleState } from './schedule-state.ts'

/** What may be asked of a schedule's stream. `now` travels in the command, so decide stays pure. */
export type ScheduleCommand =
  | { readonly type: 'CreateSchedule'; readonly data: Parameters<typeof decideCreate>[1] }
  | { readonly type: 'DispatchSchedule'; readonly data: { readonly nodeId: string; readonly now: Date } }
  | { readonly type: 'RecordScheduleOutcome'; readonly data: { readonly outcome: { messageId: string } | { reason: string }; readonly now: Date } }
  | { readonly type: 'CancelSchedule' }

export function decideSchedule(command: ScheduleCommand, state: ScheduleState): ScheduleEvent[] {
  switch (command.type) {
    case 'CreateSchedule':
      return decideCreate(state, command.data)
    case 'DispatchSchedule':
      return decideDispatch(state, command.data.nodeId, command.data.now)
    case 'RecordScheduleOutcome':
      return decideOutcome(state, command.data.outcome, command.data.now)
    case 'CancelSchedule':
      return decideCancel(state)
  }
}

export const scheduleDecider: Decider<ScheduleState, ScheduleCommand, ScheduleEvent> = {
  decide: decideSchedule,
  evolve: evolveSchedule,
  initialState: initialScheduleState,
}
