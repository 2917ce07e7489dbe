import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from '../../domain/ports/event-store.ts'
import { MessageEventTypes } from '../../domain/messages/message-events.ts'
import type { EventStoreReadOperation, PrometheusMetrics } from './prometheus-metrics.ts'
import { idOfStream } from '../../domain/streams.ts'

/**
 * The event store, timing every append and counting the WhatsApp messages it records per session
 * (a message is counted where it is recorded, once, on the node that runs its session), and counting
 * every read with the events it returned (how many times the consumers read each appended batch).
 */
export function instrumentEventStore(store: EventStore, metrics: Pick<PrometheusMetrics, 'appended' | 'messagesRecorded' | 'storeRead'>): EventStore {
  return {
    async append(streamId: string, events: readonly NewEvent[], expected?: ExpectedRevision): Promise<AppendResult> {
      const started = performance.now()
      const result = await store.append(streamId, events, expected)
      metrics.appended((performance.now() - started) / 1000, events.length)
      countMessages(metrics, streamId, events)
      return result
    },
    readStream: async (streamId, options) => counted(metrics, 'readStream', await store.readStream(streamId, options)),
    readAll: async (options) => counted(metrics, 'readAll', await store.readAll(options)),
    headPosition: async () => counted(metrics, 'headPosition', await store.headPosition()),
    positionAt: async (time) => counted(metrics, 'positionAt', await store.positionAt(time)),
    alignAfter: async (after) => counted(metrics, 'alignAfter', await store.alignAfter(after)),
    waitForAppend: (timeoutMs, signal) => store.waitForAppend(timeoutMs, signal),
    notifyAppended: () => store.notifyAppended(),
    close: () => store.close(),
  }
}

/** Counts one read; a position lookup returns no events. */
function counted<T extends readonly unknown[] | bigint>(metrics: Pick<PrometheusMetrics, 'storeRead'>, operation: EventStoreReadOperation, result: T): T {
  metrics.storeRead(operation, typeof result === 'bigint' ? 0 : result.length)
  return result
}

function countMessages(metrics: Pick<PrometheusMetrics, 'messagesRecorded'>, streamId: string, events: readonly NewEvent[]): void {
  const session = idOfStream(streamId, 'messages')
  if (session === null) return
  let received = 0
  let sent = 0
  for (const event of events) {
    if (event.type === MessageEventTypes.received) received++
    else if (event.type === MessageEventTypes.sent) sent++
  }
  if (received > 0) metrics.messagesRecorded(session, 'in', received)
  if (sent > 0) metrics.messagesRecorded(session, 'out', sent)
}
