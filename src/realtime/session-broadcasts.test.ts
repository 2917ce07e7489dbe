import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../domain/ports/event-store.ts'
import { broadcastsOf } from './session-broadcasts.ts'

const event = (type: string, streamId: string, data: unknown): StoredEvent => ({
  id: 'e1',
  type,
  streamId,
  revision: 3,
  position: 7n,
  occurredAt: new Date('2026-01-10T10:30:00Z'),
  data,
  metadata: {},
})

describe('what a session room hears', () => {
  it("turns connection.update into the seed's payload, and a QR into a qr event too", () => {
    expect(broadcastsOf(event('connection.update', 'session-57xx1x', { sessionId: '57xx1x', status: 'CONNECTING', qr: '2@abc', reason: 'qr', desired: 'running' }))).toEqual([
      { sessionId: '57xx1x', event: 'connection.update', payload: { sessionId: '57xx1x', status: 'CONNECTING', qr: '2@abc', reason: 'qr' } },
      { sessionId: '57xx1x', event: 'qr', payload: { sessionId: '57xx1x', qr: '2@abc' } },
    ])
    const connected = broadcastsOf(event('connection.update', 'session-57xx1x', { sessionId: '57xx1x', status: 'CONNECTED', qr: null, reason: 'opened', desired: 'running', me: { jid: '62811@s.whatsapp.net' } }))
    expect(connected).toEqual([{ sessionId: '57xx1x', event: 'connection.update', payload: { sessionId: '57xx1x', status: 'CONNECTED', qr: null, reason: 'opened', me: { jid: '62811@s.whatsapp.net' } } }])
  })

  it('sends messages as `message` (the message with its sessionId) and under their own name', () => {
    const data = { keyId: 'K1', remoteJid: '62877@s.whatsapp.net', fromMe: false, pushName: 'Adit', content: { conversation: 'Hello!' }, timestamp: 1736503800 }
    const [message, named] = broadcastsOf(event('message.received', 'messages-57xx1x', data))
    expect(message).toEqual({ sessionId: '57xx1x', event: 'message', payload: { sessionId: '57xx1x', event: 'message.received', ...data } })
    expect(named).toEqual({ sessionId: '57xx1x', event: 'message.received', payload: { event: 'message.received', sessionId: '57xx1x', timestamp: '2026-01-10T10:30:00.000Z', data } })
  })

  it('passes other session events in the webhook format, and nothing of other streams', () => {
    expect(broadcastsOf(event('message.status', 'messages-s1', { keyId: 'K', status: 'READ' }))).toEqual([
      { sessionId: 's1', event: 'message.status', payload: { event: 'message.status', sessionId: 's1', timestamp: '2026-01-10T10:30:00.000Z', data: { keyId: 'K', status: 'READ' } } },
    ])
    expect(broadcastsOf(event('user.registered', 'user-u1', {}))).toEqual([])
    expect(broadcastsOf(event('webhook.created', 'webhook-w1', {}))).toEqual([])
  })
})
