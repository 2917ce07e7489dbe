import type { Decider } from '../decider/decider.ts'
import { NotFoundError } from '../errors.ts'
import type { Caller } from '../identity/caller.ts'
import { canManageWebhook } from './webhook-access.ts'
import { decideCreateWebhook, decideDeleteWebhook, decideRedeliver, decideReplay, decideUpdateWebhook } from './webhook-decide.ts'
import type { WebhookEvent, WebhookSettings } from './webhook-events.ts'
import { evolveWebhook, initialWebhookState, type WebhookState } from './webhook-state.ts'

/** Who asks, about which webhook: checked again on the stream, as the read model may lag behind a deletion or a change of hands. */
interface Managing {
  readonly webhookId: string
  readonly by: Caller
}

/** What may be asked of a webhook's stream. */
export type WebhookCommand =
  | { readonly type: 'CreateWebhook'; readonly data: WebhookSettings & { id: string; userId: string } }
  | {
      readonly type: 'UpdateWebhook'
      readonly data: Managing & {
        readonly patch: Partial<Omit<WebhookSettings, 'sealedSecret'>>
        /**
         * A new secret, sealed, and whether a sealed secret already holds it: sealed values never
         * compare equal (a fresh IV each time), and only the caller holds the key to open them.
         */
        readonly secret?: { readonly sealed: string; readonly isHeldBy: (sealed: string) => boolean }
      }
    }
  | { readonly type: 'DeleteWebhook'; readonly data: Managing }
  | { readonly type: 'RequestRedelivery'; readonly data: Managing & { readonly deliveryId: string } }
  | {
      readonly type: 'RequestReplay'
      readonly data: Managing & { readonly replayId: string; readonly afterPosition: bigint; readonly toPosition: bigint; readonly since: Date | null }
    }

export function decideWebhook(command: WebhookCommand, state: WebhookState): WebhookEvent[] {
  if (command.type === 'CreateWebhook') return decideCreateWebhook(state, command.data)
  assertManageable(command.data, state)
  switch (command.type) {
    case 'UpdateWebhook': {
      const { patch, secret } = command.data
      const secretChanged = secret !== undefined && !secret.isHeldBy(state.sealedSecret)
      return decideUpdateWebhook(state, { ...patch, ...(secretChanged ? { sealedSecret: secret.sealed } : {}) })
    }
    case 'DeleteWebhook':
      return decideDeleteWebhook(state)
    case 'RequestRedelivery':
      return decideRedeliver(state, command.data.deliveryId)
    case 'RequestReplay': {
      const { replayId, afterPosition, toPosition, since } = command.data
      return decideReplay(state, { replayId, afterPosition, toPosition, since })
    }
  }
}

/** A webhook that is gone, or someone else's, is not found (it does not say which). */
export function assertManageable({ webhookId, by }: Managing, state: WebhookState): void {
  if (!state.exists || state.deleted || !canManageWebhook(by, state)) throw new NotFoundError(`webhook ${webhookId} not found`)
}

export const webhookDecider: Decider<WebhookState, WebhookCommand, WebhookEvent> = { decide: decideWebhook, evolve: evolveWebhook, initialState: initialWebhookState }
