import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { MessageRevokeAnswer } from '../../domain/actions/message-actions.ts'
import { ValidationError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'
import { connectedSessionChat, findMessage, keyOf } from './find-message.ts'

export class RevokeMessage extends Command<MessageRevokeAnswer & { success: true }> {
  readonly caller: Caller
  readonly input: { sessionId: string; jid: string; messageId: string }
  constructor(caller: Caller, input: { sessionId: string; jid: string; messageId: string }) {
    super()
    this.caller = caller
    this.input = input
  }
}

/**
 * Deletes a message for everyone: this account's own, or (in a group, where WhatsApp checks that this
 * account is an admin) a member's.
 */
export class RevokeMessageHandler implements ICommandHandler<RevokeMessage> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, input }: RevokeMessage): Promise<MessageRevokeAnswer & { success: true }> {
    const { session, chat } = await connectedSessionChat(this.#deps, caller, input.sessionId, input.jid)
    const row = await findMessage(this.#deps.db, session.session_id, chat, input.messageId)
    if (!row.from_me && !chat.endsWith('@g.us')) throw new ValidationError('messageId: only a message this account sent can be deleted for everyone')
    if (row.revoked_at) throw new ValidationError('messageId: the message is already deleted')
    const { answer } = await actOnSession<MessageRevokeAnswer>(this.#deps, caller, session.session_id, { kind: 'message.revoke', key: keyOf(row) })
    return { success: true, ...answer }
  }
}
