import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { MessageReadAnswer } from '../../domain/actions/message-actions.ts'
import { NotFoundError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { actOnSession } from '../sessions/act-on-session.ts'
import { connectedSessionChat, keyOf } from './find-message.ts'

/** Without ids, the chat's latest received messages are marked read (WhatsApp's apps read a chat so). */
const LATEST = 100

export class MarkRead extends Command<MessageReadAnswer & { success: true }> {
  readonly caller: Caller
  readonly input: { sessionId: string; jid: string; messageIds?: readonly string[] }
  constructor(caller: Caller, input: { sessionId: string; jid: string; messageIds?: readonly string[] }) {
    super()
    this.caller = caller
    this.input = input
  }
}

/** Sends read receipts (blue ticks) for received messages of a chat: the ones named, or the latest. */
export class MarkReadHandler implements ICommandHandler<MarkRead> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, input }: MarkRead): Promise<MessageReadAnswer & { success: true }> {
    const { session, chat } = await connectedSessionChat(this.#deps, caller, input.sessionId, input.jid)
    let query = this.#deps.db
      .selectFrom('messages')
      .selectAll()
      .where('session_id', '=', session.session_id)
      .where('remote_jid', '=', chat)
      .where('from_me', '=', false)
      .where('complete', '=', true)
    if (input.messageIds) query = query.where('key_id', 'in', [...input.messageIds])
    const rows = await query.orderBy('timestamp', 'desc').limit(input.messageIds ? input.messageIds.length : LATEST).execute()
    if (input.messageIds) {
      const found = new Set(rows.map((r) => r.key_id))
      const missing = input.messageIds.filter((id) => !found.has(id))
      if (missing.length > 0) throw new NotFoundError(`no received message ${missing.join(', ')} in the chat with ${chat}`)
    }
    const { answer } = await actOnSession<MessageReadAnswer>(this.#deps, caller, session.session_id, { kind: 'message.read', keys: rows.map(keyOf) })
    return { success: true, ...answer }
  }
}
