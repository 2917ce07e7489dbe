import { describe, expect, it } from 'vitest'
import type { EventStore, StoredEvent } from '../../domain/ports/event-store.ts'
import { instrumentEventStore } from './instrumented-event-store.ts'
import { PrometheusMetrics } from './prometheus-metrics.ts'

const event = (position: bigint) => ({ position }) as unknown as StoredEvent

describe('instrumentEventStore', () => {
  it('counts each read by operation with the events it returned, empty reads included', async () => {
    const metrics = new PrometheusMetrics()
    const pages = [[event(1n), event(2n)], []]
    const store = instrumentEventStore(
      {
        readAll: async () => pages.shift() ?? [],
        readStream: async () => [event(1n)],
        headPosition: async () => 2n,
      } as unknown as EventStore,
      metrics,
    )
    await store.readAll({ after: 0n })
    await store.readAll({ after: 2n })
    await store.readStream('messages-s1')
    await store.headPosition()
    const text = (await metrics.render()).body
    expect(text).toContain('wag_event_store_reads_total{operation="readAll"} 2')
    expect(text).toContain('wag_event_store_read_events_total{operation="readAll"} 2')
    expect(text).toContain('wag_event_store_reads_total{operation="readStream"} 1')
    expect(text).toContain('wag_event_store_read_events_total{operation="readStream"} 1')
    expect(text).toContain('wag_event_store_reads_total{operation="headPosition"} 1')
    expect(text).not.toContain('wag_event_store_read_events_total{operation="headPosition"}')
  })
})
