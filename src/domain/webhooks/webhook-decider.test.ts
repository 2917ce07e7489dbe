import { describe, expect, it } from 'vitest'
import { NotFoundError } from '../errors.ts'
import type { Caller } from '../identity/caller.ts'
import { webhookDecider } from './webhook-decider.ts'
import type { WebhookEvent } from './webhook-events.ts'
import { foldWebhook } from './webhook-state.ts'

const owner: Caller = { userId: 'u1', email: 'a@example.com', role: 'OWNER', assignedSessionIds: [], via: 'cookie' }
const stranger: Caller = { ...owner, userId: 'u2' }
const admin: Caller = { ...stranger, role: 'SUPERADMIN' }
const created: WebhookEvent[] = webhookDecider.decide(
  {
    type: 'CreateWebhook',
    data: { id: 'w1', userId: 'u1', name: 'Hook', url: 'https://example.com/hook', sealedSecret: 'sealed-old', sessionId: null, events: ['*'], isActive: true },
  },
  webhookDecider.initialState,
)
const state = foldWebhook(created)

describe('webhook commands', () => {
  it('lets the owner and a superadmin manage a webhook; anyone else finds none', () => {
    const del = (by: Caller) => webhookDecider.decide({ type: 'DeleteWebhook', data: { webhookId: 'w1', by } }, state)
    expect(del(owner)).toHaveLength(1)
    expect(del(admin)).toHaveLength(1)
    expect(() => del(stranger)).toThrow(new NotFoundError('webhook w1 not found'))
    expect(() => webhookDecider.decide({ type: 'RequestRedelivery', data: { webhookId: 'w9', by: owner, deliveryId: 'd1' } }, webhookDecider.initialState)).toThrow(NotFoundError)
  })

  it('records a new secret only when the held one is not the same secret', () => {
    const update = (isHeldBy: (sealed: string) => boolean) =>
      webhookDecider.decide({ type: 'UpdateWebhook', data: { webhookId: 'w1', by: owner, patch: {}, secret: { sealed: 'sealed-new', isHeldBy } } }, state)
    expect(update((sealed) => sealed === 'sealed-old')).toEqual([])
    expect(update(() => false)).toEqual([{ type: 'webhook.updated', data: { changes: { sealedSecret: 'sealed-new' }, changed: ['sealedSecret'] } }])
  })
})
