import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from '../../domain/ports/event-store.ts'
import { MessageEventTypes } from '../../domain/messages/message-events.ts'
import type { PrometheusMetrics } from './prometheus-metrics.ts'

const MESSAGES_STREAM_PREFIX = 'messages-'

/**
 * The event store, timing every append and counting the WhatsApp messages it records per session
 * (a message is counted where it is recorded, once, on the node that runs its session).
 */
export function instrumentEventStore(store: EventStore, metrics: Pick<PrometheusMetrics, 'appended' | 'messagesRecorded'>): EventStore {
  return {
    async append(streamId: string, events: readonly NewEvent[], expected?: ExpectedRevision): Promise<AppendResult> {
      const started = performance.now()
      const result = await store.append(streamId, events, expected)
      metrics.appended((performance.now() - started) / 1000, events.length)
      countMessages(metrics, streamId, events)
      return result
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    positionAt: (time) => store.positionAt(time),
    alignAfter: (after) => store.alignAfter(after),
    waitForAppend: (timeoutMs, signal) => store.waitForAppend(timeoutMs, signal),
    notifyAppended: () => store.notifyAppended(),
    close: () => store.close(),
  }
}

function countMessages(metrics: Pick<PrometheusMetrics, 'messagesRecorded'>, streamId: string, events: readonly NewEvent[]): void {
  if (!streamId.startsWith(MESSAGES_STREAM_PREFIX)) return
  let received = 0
  let sent = 0
  for (const event of events) {
    if (event.type === MessageEventTypes.received) received++
    else if (event.type === MessageEventTypes.sent) sent++
  }
  const session = streamId.slice(MESSAGES_STREAM_PREFIX.length)
  if (received > 0) metrics.messagesRecorded(session, 'in', received)
  if (sent > 0) metrics.messagesRecorded(session, 'out', sent)
}
