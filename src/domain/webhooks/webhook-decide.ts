import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import { isSubscribable, SUBSCRIBABLE_EVENT_NAMES } from './webhook-event-names.ts'
import {
  WebhookEventTypes,
  type WebhookCreated,
  type WebhookDeleted,
  type WebhookRedeliveryRequested,
  type WebhookReplayRequested,
  type WebhookSettings,
  type WebhookUpdated,
} from './webhook-events.ts'
import type { WebhookState } from './webhook-state.ts'

const SETTING_KEYS = ['name', 'url', 'sealedSecret', 'sessionId', 'events', 'isActive'] as const satisfies ReadonlyArray<keyof WebhookSettings>

export function decideCreateWebhook(state: WebhookState, input: WebhookSettings & { id: string; userId: string }): WebhookCreated[] {
  if (state.exists) throw new ConflictError(`webhook ${input.id} already exists`)
  return [{ type: WebhookEventTypes.created, data: { ...input, name: validName(input.name), events: validEvents(input.events) } }]
}

/** Records only what changes; a change of secret is decided by the caller (sealed values never compare equal). */
export function decideUpdateWebhook(state: WebhookState, patch: Partial<WebhookSettings>): WebhookUpdated[] {
  assertLive(state)
  const proposed: Partial<Record<keyof WebhookSettings, unknown>> = {
    ...patch,
    ...(patch.name !== undefined ? { name: validName(patch.name) } : {}),
    ...(patch.events !== undefined ? { events: validEvents(patch.events) } : {}),
  }
  const changes: Partial<Record<keyof WebhookSettings, unknown>> = {}
  for (const key of SETTING_KEYS) {
    if (proposed[key] === undefined) continue
    if (JSON.stringify(proposed[key]) !== JSON.stringify(state[key])) changes[key] = proposed[key]
  }
  const changed = SETTING_KEYS.filter((key) => key in changes)
  if (changed.length === 0) return []
  return [{ type: WebhookEventTypes.updated, data: { changes: changes as Partial<WebhookSettings>, changed } }]
}

export function decideDeleteWebhook(state: WebhookState): WebhookDeleted[] {
  assertLive(state)
  return [{ type: WebhookEventTypes.deleted, data: { id: state.id } }]
}

export function decideRedeliver(state: WebhookState, deliveryId: string): WebhookRedeliveryRequested[] {
  assertLive(state)
  return [{ type: WebhookEventTypes.redeliveryRequested, data: { deliveryId } }]
}

export function decideReplay(
  state: WebhookState,
  input: { replayId: string; afterPosition: bigint; toPosition: bigint; since: Date | null },
): WebhookReplayRequested[] {
  assertLive(state)
  if (input.afterPosition < 0n) throw new ValidationError('a replay starts at position 1 or later')
  return [
    {
      type: WebhookEventTypes.replayRequested,
      data: {
        replayId: input.replayId,
        afterPosition: input.afterPosition.toString(),
        toPosition: input.toPosition.toString(),
        since: input.since?.toISOString() ?? null,
      },
    },
  ]
}

export function assertLive(state: WebhookState): void {
  if (!state.exists || state.deleted) throw new NotFoundError('webhook not found')
}

function validName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed) throw new ValidationError('name must not be empty')
  return trimmed
}

function validEvents(events: readonly string[]): string[] {
  const unique = [...new Set(events)]
  if (unique.length === 0) throw new ValidationError('events must name at least one event (or "*" for all)')
  const unknown = unique.filter((e) => !isSubscribable(e))
  if (unknown.length > 0) {
    throw new ValidationError(`unknown event${unknown.length > 1 ? 's' : ''} ${unknown.map((e) => `"${e}"`).join(', ')}; known: ${SUBSCRIBABLE_EVENT_NAMES.join(', ')}`)
  }
  return unique
}
