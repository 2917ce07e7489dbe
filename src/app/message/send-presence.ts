import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { ChatPresence, MessagePresenceAnswer } from '../../domain/actions/message-actions.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'
import { connectedSessionChat } from './find-message.ts'

export class SendPresence extends Command<MessagePresenceAnswer & { success: true; jid: string }> {
  readonly caller: Caller
  readonly input: { sessionId: string; jid: string; presence: ChatPresence }
  constructor(caller: Caller, input: { sessionId: string; jid: string; presence: ChatPresence }) {
    super()
    this.caller = caller
    this.input = input
  }
}

/** Shows the chat that this account is typing, recording or has paused; or the account online / offline. */
export class SendPresenceHandler implements ICommandHandler<SendPresence> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, input }: SendPresence): Promise<MessagePresenceAnswer & { success: true; jid: string }> {
    const { session, chat } = await connectedSessionChat(this.#deps, caller, input.sessionId, input.jid)
    const { answer } = await actOnSession<MessagePresenceAnswer>(this.#deps, caller, session.session_id, { kind: 'message.presence', jid: chat, presence: input.presence })
    return { success: true, jid: chat, ...answer }
  }
}
