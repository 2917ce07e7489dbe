import { Command, Query, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs'
import { broadcastDecider } from '../../domain/broadcast/broadcast-decider.ts'
import { broadcastStreamId } from '../../domain/broadcast/broadcast-events.ts'
import { NotFoundError } from '../../domain/errors.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { newId } from '../../domain/ids.ts'
import { broadcastsProjection } from '../../projections/broadcasts/broadcasts-projection.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { assertSessionResource } from '../sessions/visible-sessions.ts'

export class StartBroadcast extends Command<{ success: true; message: string; broadcastId: string }> {
  readonly caller: Caller
  readonly sessionId: string
  readonly recipients: readonly string[]
  readonly message: string
  readonly delay: number | undefined
  constructor(caller: Caller, input: { sessionId: string; recipients: readonly string[]; message: string; delay?: number }) {
    super()
    this.caller = caller
    this.sessionId = input.sessionId
    this.recipients = input.recipients
    this.message = input.message
    this.delay = input.delay
  }
}

/** Records the broadcast and answers at once; the node running the session sends it in the background. */
export class StartBroadcastHandler implements ICommandHandler<StartBroadcast> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, sessionId, recipients, message, delay }: StartBroadcast) {
    const session = await findSessionFor(this.#deps.db, caller, sessionId, 'send')
    const id = newId()
    const { position } = await handleCommand(
      this.#deps.store,
      broadcastStreamId(id),
      broadcastDecider,
      {
        type: 'StartBroadcast',
        data: {
          id,
          sessionId: session.session_id,
          userId: caller.userId,
          recipients,
          message,
          // The seed: the base delay is overridden by the random pacing delay, which always applies.
          delayMs: this.#deps.broadcastDelayMs,
          requestedDelayMs: delay ?? null,
        },
      },
      { ...causeOf(caller), correlationId: id },
    )
    if (position !== null) await this.#deps.projections.waitFor(broadcastsProjection.name, position, this.#deps.readYourWritesTimeoutMs)
    return { success: true as const, message: 'Broadcast started in background', broadcastId: id }
  }
}

export class CancelBroadcast extends Command<{ success: true }> {
  readonly caller: Caller
  readonly broadcastId: string
  constructor(caller: Caller, broadcastId: string) {
    super()
    this.caller = caller
    this.broadcastId = broadcastId
  }
}

export class CancelBroadcastHandler implements ICommandHandler<CancelBroadcast> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, broadcastId }: CancelBroadcast) {
    const row = await findBroadcastFor(this.#deps, caller, broadcastId, 'send')
    const { position } = await handleCommand(this.#deps.store, broadcastStreamId(row.id), broadcastDecider, { type: 'CancelBroadcast' }, causeOf(caller))
    if (position !== null) await this.#deps.projections.waitFor(broadcastsProjection.name, position, this.#deps.readYourWritesTimeoutMs)
    return { success: true as const }
  }
}

export interface BroadcastView {
  id: string
  sessionId: string
  status: string
  message: string
  total: number
  sent: number
  failed: number
  pending: number
  createdAt: string
  updatedAt: string
  recipients: Array<{ jid: string; status: string; messageId: string | null; error: string | null; updatedAt: string }>
}

export class GetBroadcast extends Query<BroadcastView> {
  readonly caller: Caller
  readonly broadcastId: string
  constructor(caller: Caller, broadcastId: string) {
    super()
    this.caller = caller
    this.broadcastId = broadcastId
  }
}

export class GetBroadcastHandler implements IQueryHandler<GetBroadcast> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, broadcastId }: GetBroadcast): Promise<BroadcastView> {
    const row = await findBroadcastFor(this.#deps, caller, broadcastId, 'view')
    const recipients = await this.#deps.db.selectFrom('broadcast_recipients').selectAll().where('broadcast_id', '=', row.id).orderBy('position').execute()
    return {
      id: row.id,
      sessionId: row.session_id,
      status: row.status,
      message: row.message,
      total: row.total,
      sent: row.sent,
      failed: row.failed,
      pending: row.total - row.sent - row.failed,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      recipients: recipients.map((r) => ({ jid: r.jid, status: r.status, messageId: r.message_id, error: r.error, updatedAt: r.updated_at.toISOString() })),
    }
  }
}

async function findBroadcastFor(deps: AppDeps, caller: Caller, id: string, action: 'view' | 'send') {
  const row = await deps.db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError(`broadcast ${id} not found`)
  await assertSessionResource(deps.db, caller, row.session_id, action, `broadcast ${id}`)
  return row
}
