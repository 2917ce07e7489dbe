import { describe, expect, it } from 'vitest'
import { subscribesTo } from './webhook-event-names.ts'

describe('webhook subscriptions', () => {
  it('match the event named, every event for *, and nothing else', () => {
    expect(subscribesTo(['message.received'], 'message.received')).toBe(true)
    expect(subscribesTo(['message.received'], 'message.sent')).toBe(false)
    expect(subscribesTo(['*'], 'call.received')).toBe(true)
  })

  it('keep a group.update subscriber hearing participant changes, which were group.update events before group.participants', () => {
    expect(subscribesTo(['group.update'], 'group.participants')).toBe(true)
    expect(subscribesTo(['group.participants'], 'group.update')).toBe(false)
    expect(subscribesTo(['message.received'], 'group.participants')).toBe(false)
  })
})
