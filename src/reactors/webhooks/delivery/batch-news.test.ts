import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../../domain/ports/event-store.ts'
import { batchNews } from './batch-news.ts'

let position = 0n
const event = (streamId: string, type: string): StoredEvent =>
  ({ id: `e${++position}`, streamId, type, data: {}, metadata: {}, position, revision: 0n, occurredAt: new Date() }) as unknown as StoredEvent

describe('batchNews', () => {
  it('names the sessions whose lanes may have work, and asks for a claim', () => {
    const news = batchNews([event('messages-s1', 'message.received'), event('session-s2', 'session.status.changed'), event('user-u1', 'user.registered')])
    expect([...news.sessions]).toEqual(['s1', 's2'])
    expect(news.claim).toBe(true)
    expect(news.changed.size + news.requeued.size).toBe(0)
    expect(news.replays).toBe(false)
  })

  it('tells webhook changes, redeliveries and replays apart', () => {
    const news = batchNews([
      event('webhook-w1', 'webhook.updated'),
      event('webhook-w2', 'webhook.deleted'),
      event('webhook-w3', 'webhook.redelivery-requested'),
      event('webhook-w4', 'webhook.replay-requested'),
      event('webhook-w5', 'webhook.created'),
    ])
    expect([...news.changed]).toEqual(['w1', 'w2'])
    expect([...news.requeued]).toEqual(['w3'])
    expect(news.replays).toBe(true)
    expect(news.sessions.size).toBe(0)
    expect(news.claim).toBe(true)
  })

  it('asks for nothing when the batch holds no session or webhook event', () => {
    const news = batchNews([event('user-u1', 'user.registered'), event('broadcast-b1', 'broadcast.created')])
    expect(news.claim).toBe(false)
    expect(news.sessions.size).toBe(0)
  })
})
