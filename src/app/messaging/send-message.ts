import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { SendOutcome } from '../../actors/session/session-actor.ts'
import { ValidationError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import type { OutboundContent, QuotedMessage, SendRequest } from '../../domain/messages/outbound.ts'
import type { AppDeps } from '../app-deps.ts'
import { contactIdentity } from '../contacts/contact-identity.ts'
import { findSessionFor } from '../sessions/find-session.ts'

export interface SendResult {
  success: true
  /** WhatsApp's id of the message (the keyId in GET /api/chat/…). */
  messageId: string
  remoteJid: string
  timestamp: number
}

export class SendMessage extends Command<SendResult> {
  readonly caller: Caller
  readonly sessionId: string
  readonly jid: string
  readonly content: OutboundContent
  readonly quotedKeyId: string | undefined
  readonly idempotencyKey: string | undefined
  constructor(caller: Caller, input: { sessionId: string; jid: string; content: OutboundContent; quotedKeyId?: string; idempotencyKey?: string }) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.jid = input.jid
    this.content = input.content
    this.quotedKeyId = input.quotedKeyId
    this.idempotencyKey = input.idempotencyKey
  }
}

/** Sends through the session's outbound queue on whichever node runs it; 503 when its socket is not open. */
export class SendMessageHandler implements ICommandHandler<SendMessage> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute(command: SendMessage): Promise<SendResult> {
    const session = await findSessionFor(this.#deps.db, command.caller, command.sessionId, 'send')
    // A LID whose number is known is sent to as the number: the chat it lands in is the person's one chat.
    const { jid } = await contactIdentity(this.#deps.db, session.session_id, command.jid)
    const content = await this.#withReactionTarget(session.session_id, jid, command.content)
    const request: SendRequest = {
      jid,
      content,
      ...(command.quotedKeyId ? { quoted: await this.#quoted(session.session_id, jid, command.quotedKeyId) } : {}),
      ...(command.idempotencyKey ? { idempotencyKey: command.idempotencyKey } : {}),
    }
    const sent = await this.#deps.registry.execute<SendOutcome>(session.session_id, { type: 'session.send', cause: causeOf(command.caller), request })
    return { success: true, messageId: sent.keyId, remoteJid: sent.remoteJid, timestamp: sent.timestamp }
  }

  async #quoted(sessionId: string, jid: string, keyId: string): Promise<QuotedMessage> {
    const row = await this.#message(sessionId, jid, keyId)
    if (!row) throw new ValidationError(`message.quoted: no message ${keyId} in the chat with ${jid}`)
    return { keyId, fromMe: row.from_me, participant: row.sender_jid, content: row.raw ?? { conversation: row.content ?? '' } }
  }

  /** A reaction needs to know whose message it reacts to: the caller may say, else the chat's record tells. */
  async #withReactionTarget(sessionId: string, jid: string, content: OutboundContent): Promise<OutboundContent> {
    if (content.kind !== 'reaction' || content.fromMe !== undefined) return content
    const row = await this.#message(sessionId, jid, content.keyId)
    if (!row) throw new ValidationError(`message.react.key.id: no message ${content.keyId} in the chat with ${jid}; give key.fromMe to react anyway`)
    return { ...content, fromMe: row.from_me, ...(row.sender_jid ? { participant: row.sender_jid } : {}) }
  }

  #message(sessionId: string, jid: string, keyId: string) {
    return this.#deps.db
      .selectFrom('messages')
      .select(['from_me', 'sender_jid', 'raw', 'content'])
      .where('session_id', '=', sessionId)
      .where('remote_jid', '=', jid)
      .where('key_id', '=', keyId)
      .where('complete', '=', true)
      .orderBy('from_me')
      .executeTakeFirst()
  }
}
