import type { Logger } from 'pino'
import type { Bus } from '../domain/ports/bus.ts'
import type { EventStore } from '../domain/ports/event-store.ts'
import { catchUp } from './catch-up.ts'

/**
 * Announces what the store committed on the bus, in global order: live listeners on every node
 * (Socket.io rooms, consumer wake-ups) hear of each event once it is stored, whichever node wrote it.
 * Every node runs one; NATS drops the repeats by event id. It starts at the head: the past is read
 * from the store by whoever needs it, not replayed to live listeners.
 */
export async function startEventRelay(options: { store: EventStore; bus: Bus; logger: Logger }): Promise<() => Promise<void>> {
  const controller = new AbortController()
  const loop = catchUp({
    name: 'event-relay',
    store: options.store,
    after: await options.store.headPosition(),
    signal: controller.signal,
    logger: options.logger,
    idleMs: 5000,
    handle: async (events) => {
      await options.bus.publishEvents(events)
      return events.at(-1)!.position
    },
  })
  return async () => {
    controller.abort()
    await loop
  }
}
