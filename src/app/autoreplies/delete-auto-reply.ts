import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { autoReplyStreamId } from '../../domain/autoreply/autoreply-events.ts'
import { NotFoundError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { AUTOREPLIES_PROJECTION } from '../../reactors/autoreplies/autoreplies-projection.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { autoReplyDecider } from '../../domain/autoreply/autoreply-decider.ts'

export class DeleteAutoReply extends Command<{ success: true }> {
  readonly caller: Caller
  readonly id: string
  constructor(caller: Caller, id: string) {
    super()
    this.caller = caller
    this.id = id
  }
}

/** Deletes a rule of a session the caller may configure; another tenant's rule is "not found". */
export class DeleteAutoReplyHandler implements ICommandHandler<DeleteAutoReply> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, id }: DeleteAutoReply): Promise<{ success: true }> {
    const notFound = new NotFoundError(`auto-reply rule ${id} not found`)
    const row = await this.#deps.db.selectFrom('autoreply_rules').select(['id', 'session_id']).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst()
    if (!row) throw notFound
    try {
      await findSessionFor(this.#deps.db, caller, row.session_id, 'configure')
    } catch (error) {
      if (error instanceof NotFoundError) throw notFound
      throw error
    }
    const { position } = await handleCommand(this.#deps.store, autoReplyStreamId(row.id), autoReplyDecider, { type: 'DeleteAutoReply' }, causeOf(caller, row.id))
    if (position !== null) await this.#deps.projections.waitFor(AUTOREPLIES_PROJECTION, position, this.#deps.readYourWritesTimeoutMs)
    return { success: true as const }
  }
}
