import { describe, expect, it } from 'vitest'
import type { WebhookOwner } from '../../../domain/webhooks/webhook-access.ts'
import type { StoredEvent } from '../../../domain/ports/event-store.ts'
import { deliveryId, routeEvent, type RoutingView, type RoutingWebhook } from './route-event.ts'

const owners: Record<string, WebhookOwner> = {
  owner: { userId: 'owner', role: 'OWNER', assignedSessionIds: [], disabled: false },
  other: { userId: 'other', role: 'OWNER', assignedSessionIds: [], disabled: false },
  staff: { userId: 'staff', role: 'STAFF', assignedSessionIds: ['s1'], disabled: false },
  admin: { userId: 'admin', role: 'SUPERADMIN', assignedSessionIds: [], disabled: false },
  gone: { userId: 'gone', role: 'OWNER', assignedSessionIds: [], disabled: true },
}
const sessions: Record<string, string> = { s1: 'owner', s2: 'owner', s3: 'other' }

const hook = (id: string, userId: string, overrides: Partial<RoutingWebhook> = {}): RoutingWebhook => ({
  id,
  userId,
  sessionId: null,
  events: ['*'],
  isActive: true,
  ...overrides,
})
const view = (hooks: RoutingWebhook[]): RoutingView => ({ webhooks: () => hooks, owner: (id) => owners[id], sessionOwner: (id) => sessions[id] })
const event = (type: string, streamId: string): StoredEvent => ({
  id: `e-${type}-${streamId}`,
  type,
  streamId,
  revision: 0,
  position: 42n,
  occurredAt: new Date('2026-01-10T10:30:00Z'),
  data: { keyId: 'k' },
  metadata: {},
})
const routed = (hooks: RoutingWebhook[], type: string, streamId: string) => routeEvent(view(hooks), event(type, streamId)).map((d) => d.webhookId)

describe('routing an event to webhooks', () => {
  it('follows the subscribed names, "*" included', () => {
    const hooks = [hook('all', 'owner'), hook('received', 'owner', { events: ['message.received'] }), hook('conn', 'owner', { events: ['connection.update'] })]
    expect(routed(hooks, 'message.received', 'messages-s1')).toEqual(['all', 'received'])
    expect(routed(hooks, 'connection.update', 'session-s1')).toEqual(['all', 'conn'])
    expect(routed(hooks, 'message.reaction', 'messages-s1')).toEqual(['all'])
  })

  it('keeps an owner to their own sessions, staff to assigned ones; a superadmin hears all', () => {
    const hooks = [hook('owner', 'owner'), hook('staff', 'staff'), hook('admin', 'admin'), hook('other', 'other')]
    expect(routed(hooks, 'message.received', 'messages-s1')).toEqual(['owner', 'staff', 'admin'])
    expect(routed(hooks, 'message.received', 'messages-s2')).toEqual(['owner', 'admin'])
    expect(routed(hooks, 'message.received', 'messages-s3')).toEqual(['admin', 'other'])
    expect(routed(hooks, 'message.received', 'messages-unknown')).toEqual(['admin'])
  })

  it('honours a bound session, the active flag, and a disabled owner; ignores streams of no session', () => {
    const hooks = [hook('bound', 'owner', { sessionId: 's2' }), hook('off', 'owner', { isActive: false }), hook('gone', 'gone'), hook('foreign', 'other', { sessionId: 's1' })]
    expect(routed(hooks, 'message.received', 'messages-s1')).toEqual([])
    expect(routed(hooks, 'message.received', 'messages-s2')).toEqual(['bound'])
    expect(routed([hook('all', 'admin')], 'user.registered', 'user-u1')).toEqual([])
    expect(routed([hook('all', 'admin')], 'webhook.created', 'webhook-w1')).toEqual([])
  })

  it('gives each webhook × event one stable delivery id and the exact body', () => {
    const [delivery] = routeEvent(view([hook('w1', 'owner')]), event('message.received', 'messages-s1'))
    expect(delivery).toEqual({
      id: deliveryId('w1', 'e-message.received-messages-s1'),
      webhookId: 'w1',
      eventId: 'e-message.received-messages-s1',
      eventPosition: 42n,
      eventType: 'message.received',
      sessionId: 's1',
      body: '{"event":"message.received","sessionId":"s1","timestamp":"2026-01-10T10:30:00.000Z","data":{"keyId":"k"}}',
    })
    expect(deliveryId('w1', 'e')).toBe(deliveryId('w1', 'e'))
    expect(deliveryId('w1', 'e')).not.toBe(deliveryId('w2', 'e'))
  })
})
