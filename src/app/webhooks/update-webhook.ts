import { Command, type ICommandHandler } from '@nestjs/cqrs'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import { webhookStreamId, type WebhookSettings } from '../../domain/webhooks/webhook-events.ts'
import type { AppDeps } from '../app-deps.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { findSessionFor } from '../sessions/find-session.ts'
import { awaitWebhooks, findWebhookFor } from './find-webhook.ts'
import { webhookDecider } from '../../domain/webhooks/webhook-decider.ts'
import { toWebhookView, type WebhookView } from './webhook-view.ts'

export interface WebhookChanges {
  readonly name?: string
  readonly url?: string
  readonly secret?: string
  readonly sessionId?: string | null
  readonly events?: readonly string[]
  readonly isActive?: boolean
}

export class UpdateWebhook extends Command<WebhookView> {
  readonly caller: Caller
  readonly id: string
  readonly changes: WebhookChanges
  constructor(caller: Caller, id: string, changes: WebhookChanges) {
    super()
    this.caller = caller
    this.id = id
    this.changes = changes
  }
}

/** The seed's PATCH: any of name, url, secret, events, isActive (and sessionId). */
export class UpdateWebhookHandler implements ICommandHandler<UpdateWebhook> {
  readonly #deps: AppDeps
  constructor(deps: AppDeps) {
    this.#deps = deps
  }

  async execute({ caller, id, changes }: UpdateWebhook): Promise<WebhookView> {
    const { db, store, webhooks } = this.#deps
    await findWebhookFor(db, caller, id)
    const patch: { -readonly [K in Exclude<keyof WebhookSettings, 'sealedSecret'>]?: WebhookSettings[K] } = {}
    if (changes.name !== undefined) patch.name = changes.name
    if (changes.events !== undefined) patch.events = changes.events
    if (changes.isActive !== undefined) patch.isActive = changes.isActive
    if (changes.url !== undefined) {
      await webhooks.checkTargetUrl(changes.url)
      patch.url = changes.url
    }
    if (changes.sessionId !== undefined) {
      patch.sessionId = changes.sessionId === null ? null : (await findSessionFor(db, caller, changes.sessionId, 'view')).session_id
    }
    const secret = changes.secret
    const { position } = await handleCommand(
      store,
      webhookStreamId(id),
      webhookDecider,
      {
        type: 'UpdateWebhook',
        data: {
          webhookId: id,
          by: caller,
          patch,
          ...(secret === undefined ? {} : { secret: { sealed: webhooks.box.seal(secret), isHeldBy: (sealed) => openOrNull(webhooks.box, sealed) === secret } }),
        },
      },
      causeOf(caller),
    )
    await awaitWebhooks(this.#deps, position)
    return toWebhookView(await findWebhookFor(db, caller, id), webhooks.box)
  }
}

function openOrNull(box: { open(sealed: string): string }, sealed: string): string | null {
  try {
    return box.open(sealed)
  } catch {
    return null
  }
}
