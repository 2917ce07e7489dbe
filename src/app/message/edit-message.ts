import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { MessageEditAnswer } from '../../domain/actions/message-actions.ts'
import { ValidationError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'
import { connectedSessionChat, findMessage, keyOf } from './find-message.ts'

/** WhatsApp lets a sender edit a text for 15 minutes; later edits are dropped by the recipients' apps. */
const EDIT_WINDOW_MS = 15 * 60 * 1000

export class EditMessage extends Command<MessageEditAnswer & { success: true }> {
  readonly caller: Caller
  readonly input: { sessionId: string; jid: string; messageId: string; text: string }
  constructor(caller: Caller, input: { sessionId: string; jid: string; messageId: string; text: string }) {
    super()
    this.caller = caller
    this.input = input
  }
}

/** Changes the text of a message this account sent (a text message, within WhatsApp's edit window). */
export class EditMessageHandler implements ICommandHandler<EditMessage> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, input }: EditMessage): Promise<MessageEditAnswer & { success: true }> {
    const { session, chat } = await connectedSessionChat(this.#deps, caller, input.sessionId, input.jid)
    const row = await findMessage(this.#deps.db, session.session_id, chat, input.messageId)
    if (!row.from_me) throw new ValidationError('messageId: only a message this account sent can be edited')
    if (row.revoked_at) throw new ValidationError('messageId: the message was deleted')
    if (row.type !== 'TEXT') throw new ValidationError(`messageId: only a text message can be edited (this one is ${row.type})`)
    if (Date.now() - row.timestamp.getTime() > EDIT_WINDOW_MS) throw new ValidationError('messageId: WhatsApp lets a message be edited for 15 minutes after it was sent')
    const { answer } = await actOnSession<MessageEditAnswer>(this.#deps, caller, session.session_id, { kind: 'message.edit', key: keyOf(row), text: input.text })
    return { success: true, ...answer }
  }
}
