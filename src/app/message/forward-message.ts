import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { MessageForwardAnswer } from '../../domain/actions/message-actions.ts'
import { ValidationError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { contactIdentity } from '../contacts/contact-identity.ts'
import { actOnSession } from '../sessions/act-on-session.ts'
import { connectedSessionChat, findMessage, keyOf } from './find-message.ts'

export class ForwardMessage extends Command<MessageForwardAnswer & { success: true }> {
  readonly caller: Caller
  readonly input: { sessionId: string; jid: string; messageId: string; fromJid: string }
  constructor(caller: Caller, input: { sessionId: string; jid: string; messageId: string; fromJid: string }) {
    super()
    this.caller = caller
    this.input = input
  }
}

/** Sends a recorded message of chat `fromJid` on to chat `jid`, shown as forwarded. */
export class ForwardMessageHandler implements ICommandHandler<ForwardMessage> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, input }: ForwardMessage): Promise<MessageForwardAnswer & { success: true }> {
    const { session, chat: from } = await connectedSessionChat(this.#deps, caller, input.sessionId, input.fromJid)
    const row = await findMessage(this.#deps.db, session.session_id, from, input.messageId)
    if (row.revoked_at) throw new ValidationError('messageId: the message was deleted')
    if (!row.raw || row.type === 'REACTION' || row.type === 'OTHER') throw new ValidationError(`messageId: a ${row.type} message cannot be forwarded`)
    // A LID whose number is known is sent to as the number, as a send is.
    const { jid } = await contactIdentity(this.#deps.db, session.session_id, input.jid)
    const { answer } = await actOnSession<MessageForwardAnswer>(this.#deps, caller, session.session_id, { kind: 'message.forward', jid, key: keyOf(row), content: row.raw })
    return { success: true, ...answer }
  }
}
