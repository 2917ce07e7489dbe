import { Command, type ICommandHandler } from '@nestjs/cqrs'
import type { SendOutcome } from '../../actors/session/session-actor.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { STATUS_JID, USER_JID } from '../../domain/messages/jid.ts'
import type { AppDeps } from '../app-deps.ts'
import { findSessionFor } from '../sessions/find-session.ts'

export class PostStatus extends Command<{ success: true; messageId: string; audience: number }> {
  readonly caller: Caller
  readonly sessionId: string
  readonly type: 'TEXT' | 'IMAGE' | 'VIDEO'
  readonly content: string
  readonly mediaUrl: string | undefined
  readonly backgroundColor: string | undefined
  readonly font: number | undefined
  constructor(
    caller: Caller,
    input: { sessionId: string; type: 'TEXT' | 'IMAGE' | 'VIDEO'; content: string; mediaUrl?: string; backgroundColor?: string; font?: number },
  ) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.type = input.type
    this.content = input.content
    this.mediaUrl = input.mediaUrl
    this.backgroundColor = input.backgroundColor
    this.font = input.font
  }
}

/** Posts a story to status@broadcast, shown to the session's contacts. */
export class PostStatusHandler implements ICommandHandler<PostStatus> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute(command: PostStatus) {
    const session = await findSessionFor(this.#deps.db, command.caller, command.sessionId, 'send')
    const contacts = await this.#deps.db.selectFrom('chats').select('jid').where('session_id', '=', session.session_id).where('is_group', '=', false).execute()
    const audience = contacts.map((c) => c.jid).filter((jid) => USER_JID.test(jid))
    const media = command.type === 'TEXT' ? {} : { media: { url: command.mediaUrl! }, mediaKind: command.type === 'VIDEO' ? ('video' as const) : ('image' as const) }
    const sent = await this.#deps.registry.execute<SendOutcome>(session.session_id, {
      type: 'session.send',
      cause: causeOf(command.caller),
      request: {
        jid: STATUS_JID,
        content: {
          kind: 'status',
          text: command.content,
          ...media,
          ...(command.backgroundColor ? { backgroundColor: command.backgroundColor } : {}),
          ...(command.font !== undefined ? { font: command.font } : {}),
          audience,
        },
      },
    })
    return { success: true as const, messageId: sent.keyId, audience: audience.length }
  }
}
