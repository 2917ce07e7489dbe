import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { newId } from '../../domain/ids.ts'
import { webhookStreamId } from '../../domain/webhooks/webhook-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { awaitWebhooks, findWebhookFor } from './find-webhook.ts'
import { webhookDecider } from '../../domain/webhooks/webhook-decider.ts'
import { generateWebhookSecret } from './webhook-secret.ts'
import { toWebhookView, type WebhookView } from './webhook-view.ts'

export interface NewWebhook {
  readonly name: string
  readonly url: string
  /** Absent or null: one is generated. */
  readonly secret?: string | null
  /** A session the caller may see (short id or id), or null for all of the caller's sessions. */
  readonly sessionId?: string | null
  readonly events: readonly string[]
  readonly isActive?: boolean
}

export class CreateWebhook extends Command<WebhookView> {
  readonly caller: Caller
  readonly input: NewWebhook
  constructor(caller: Caller, input: NewWebhook) {
    super()
    this.caller = caller
    this.input = input
  }
}

/** A webhook for the caller; it receives the matching events recorded from now on. */
export class CreateWebhookHandler implements ICommandHandler<CreateWebhook> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, input }: CreateWebhook): Promise<WebhookView> {
    const { db, store, webhooks } = this.#deps
    const sessionId = input.sessionId ? (await findSessionFor(db, caller, input.sessionId, 'view')).session_id : null
    await webhooks.checkTargetUrl(input.url)
    const id = newId()
    const sealedSecret = webhooks.box.seal(input.secret ?? generateWebhookSecret())
    const { position } = await handleCommand(
      store,
      webhookStreamId(id),
      webhookDecider,
      {
        type: 'CreateWebhook',
        data: { id, userId: caller.userId, name: input.name, url: input.url, sealedSecret, sessionId, events: input.events, isActive: input.isActive ?? true },
      },
      causeOf(caller),
    )
    await awaitWebhooks(this.#deps, position)
    return toWebhookView(await findWebhookFor(db, caller, id), webhooks.box)
  }
}
