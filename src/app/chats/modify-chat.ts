import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { ChatLastMessage, ChatModification } from '../../domain/actions/chat-actions.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { AppDeps } from '../app-deps.ts'
import { contactIdentity } from '../contacts/contact-identity.ts'
import { actOnSession } from '../sessions/act-on-session.ts'
import { findSessionFor } from '../sessions/find-session.ts'

export interface ModifyChatInput {
  sessionId: string
  /** The chat: a contact in either form, or a group. */
  jid: string
  action: ChatModification
  /** For mute: until when (the route turns an ISO time or a number of seconds into this). */
  muteUntil?: Date
}

export class ModifyChat extends Command<{ success: true; sessionId: string; jid: string; action: ChatModification }> {
  readonly caller: Caller
  readonly input: ModifyChatInput
  constructor(caller: Caller, input: ModifyChatInput) {
    super()
    this.caller = caller
    this.input = input
  }
}

/**
 * Archives, pins, mutes, marks read or unread, or deletes a chat on the account (an app-state patch the
 * account's other devices apply). WhatsApp wants the chat's newest message with archive, read state and
 * delete: it comes from the messages read model.
 */
export class ModifyChatHandler implements ICommandHandler<ModifyChat> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, input }: ModifyChat) {
    const db = this.#deps.db
    const session = await findSessionFor(db, caller, input.sessionId, 'send')
    const { jid } = await contactIdentity(db, session.session_id, input.jid)
    const newest = await db
      .selectFrom('messages')
      .select(['key_id', 'from_me', 'sender_jid', 'timestamp'])
      .where('session_id', '=', session.session_id)
      .where('remote_jid', '=', jid)
      .orderBy('timestamp', 'desc')
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirst()
    const lastMessage: ChatLastMessage | null = newest
      ? { id: newest.key_id, fromMe: newest.from_me, participant: newest.sender_jid, timestamp: Math.floor(newest.timestamp.getTime() / 1000) }
      : null
    await actOnSession(this.#deps, caller, session.session_id, {
      kind: 'chat.modify',
      jid,
      modification: input.action,
      ...(input.muteUntil ? { muteUntil: input.muteUntil.getTime() } : {}),
      lastMessage,
    })
    return { success: true as const, sessionId: session.session_id, jid, action: input.action }
  }
}
