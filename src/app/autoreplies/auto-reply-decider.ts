import type { AutoReplyEvent } from '../../domain/autoreply/autoreply-events.ts'
import { evolveAutoReply, initialAutoReplyState, type AutoReplyState } from '../../domain/autoreply/autoreply-state.ts'
import type { Decider } from '../handle-command.ts'

export const autoReplyDecider: Decider<AutoReplyState, AutoReplyEvent> = { initial: initialAutoReplyState, evolve: evolveAutoReply }
