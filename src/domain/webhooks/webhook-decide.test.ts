import { describe, expect, it } from 'vitest'
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import { decideCreateWebhook, decideDeleteWebhook, decideRedeliver, decideReplay, decideUpdateWebhook } from './webhook-decide.ts'
import type { WebhookEvent } from './webhook-events.ts'
import { foldWebhook, initialWebhookState } from './webhook-state.ts'

const input = {
  id: 'w1',
  userId: 'u1',
  name: ' My Server ',
  url: 'https://example.com/hook',
  sealedSecret: 'v1.sealed',
  sessionId: null,
  events: ['message.received', 'message.received', 'connection.update'],
  isActive: true,
}

describe('webhook decisions', () => {
  it('creates once, with a trimmed name and each event once', () => {
    const history: WebhookEvent[] = decideCreateWebhook(initialWebhookState, input)
    expect(foldWebhook(history)).toMatchObject({ exists: true, name: 'My Server', events: ['message.received', 'connection.update'], revision: 0 })
    expect(() => decideCreateWebhook(foldWebhook(history), input)).toThrow(ConflictError)
  })

  it('refuses unknown event names and an empty list, and accepts "*"', () => {
    expect(() => decideCreateWebhook(initialWebhookState, { ...input, events: ['message.recieved'] })).toThrow(/unknown event "message.recieved"/)
    expect(() => decideCreateWebhook(initialWebhookState, { ...input, events: [] })).toThrow(ValidationError)
    expect(decideCreateWebhook(initialWebhookState, { ...input, events: ['*'] })[0]!.data.events).toEqual(['*'])
  })

  it('records only the fields that change, and nothing when none do', () => {
    const state = foldWebhook(decideCreateWebhook(initialWebhookState, input))
    expect(decideUpdateWebhook(state, { name: 'My Server', isActive: true })).toEqual([])
    const [updated] = decideUpdateWebhook(state, { name: 'Renamed', isActive: false, sessionId: null })
    expect(updated!.data).toEqual({ changes: { name: 'Renamed', isActive: false }, changed: ['name', 'isActive'] })
    expect(foldWebhook([...decideCreateWebhook(initialWebhookState, input), updated!])).toMatchObject({ name: 'Renamed', isActive: false })
  })

  it('refuses everything but reads after a deletion', () => {
    const created = decideCreateWebhook(initialWebhookState, input)
    const history: WebhookEvent[] = [...created, ...decideDeleteWebhook(foldWebhook(created))]
    const state = foldWebhook(history)
    expect(state).toMatchObject({ deleted: true, isActive: false })
    expect(() => decideUpdateWebhook(state, { name: 'x' })).toThrow(NotFoundError)
    expect(() => decideDeleteWebhook(state)).toThrow(NotFoundError)
    expect(() => decideRedeliver(state, 'd1')).toThrow(NotFoundError)
    expect(() => decideReplay(state, { replayId: 'r', afterPosition: 0n, toPosition: 1n, since: null })).toThrow(NotFoundError)
  })

  it('records replays with positions as strings', () => {
    const state = foldWebhook(decideCreateWebhook(initialWebhookState, input))
    expect(decideReplay(state, { replayId: 'r1', afterPosition: 41n, toPosition: 99n, since: new Date('2026-01-10T00:00:00Z') })[0]!.data).toEqual({
      replayId: 'r1',
      afterPosition: '41',
      toPosition: '99',
      since: '2026-01-10T00:00:00.000Z',
    })
  })
})
