import { describe, expect, it } from 'vitest'
import { PrometheusMetrics } from './prometheus-metrics.ts'

describe('PrometheusMetrics', () => {
  it('keeps a registry per instance: two gateways in one process count apart', async () => {
    const a = new PrometheusMetrics()
    const b = new PrometheusMetrics()
    a.httpRequestFinished({ method: 'GET', route: '/api/sessions/:id', status: 200, seconds: 0.01 })
    a.messagesRecorded('s1', 'in', 2)
    const textA = (await a.render()).body
    const textB = (await b.render()).body
    expect(textA).toContain('wag_http_request_duration_seconds_count{method="GET",route="/api/sessions/:id",status="200"} 1')
    expect(textA).toContain('wag_messages_total{session="s1",direction="in"} 2')
    expect(textB).not.toContain('route="/api/sessions/:id"')
    expect(textB).not.toContain('session="s1"')
  })

  it('reads the gauges from their sources at scrape time, lag from the oldest unapplied event', async () => {
    const metrics = new PrometheusMetrics()
    const recorded = new Date(Date.now() - 30_000)
    metrics.observe({
      sessions: () => [
        { sessionId: 'a', status: 'CONNECTED', outboundDepth: 3 },
        { sessionId: 'b', status: 'ZOMBIE', outboundDepth: 0 },
      ],
      projections: () => [
        { name: 'caught-up', position: 10n },
        { name: 'behind', position: 4n },
      ],
      headPosition: async () => 10n,
      firstEventAfter: async (position) => (position === 4n ? { occurredAt: recorded } : null),
      deadLetters: async () => 7,
      parkedEvents: async () => [{ consumer: 'messages', count: 2 }],
      socketConnections: () => 2,
    })
    const text = (await metrics.render()).body
    expect(text).toContain('wag_sessions{status="CONNECTED"} 1')
    expect(text).toContain('wag_sessions{status="ZOMBIE"} 1')
    expect(text).toContain('wag_sessions{status="CONNECTING"} 0')
    expect(text).toContain('wag_outbound_queue_depth{session="a"} 3')
    expect(text).toContain('wag_webhook_dead_letters 7')
    expect(text).toContain('wag_parked_events{consumer="messages"} 2')
    expect(text).toContain('wag_socketio_connections 2')
    expect(text).toContain('wag_event_store_head_position 10')
    expect(text).toContain('wag_projection_lag_positions{projection="behind"} 6')
    expect(text).toContain('wag_projection_lag_seconds{projection="caught-up"} 0')
    const lag = Number(/wag_projection_lag_seconds\{projection="behind"\} ([\d.]+)/.exec(text)?.[1])
    expect(lag).toBeGreaterThanOrEqual(30)
  })
})
