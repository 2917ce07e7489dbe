import type { Logger } from 'pino'
import type { Bus } from '../domain/ports/bus.ts'
import type { EventStore, StoredEvent } from '../domain/ports/event-store.ts'
import { sleep } from '../domain/retry/sleep.ts'
import { isTransientError } from '../domain/retry/transient-error.ts'
import { catchUp } from '../consumers/catch-up.ts'
import type { EventSource } from '../consumers/event-source.ts'
import type { EventParking } from '../consumers/parking/event-parking.ts'

export const EVENT_RELAY = 'event-relay'

/**
 * Announces what the store committed on the bus, in global order: live listeners on every node
 * (Socket.io rooms, consumer wake-ups) hear of each event once it is stored, whichever node wrote it.
 * Every node runs one; NATS drops the repeats by event id. It starts at the head: the past is read
 * from the store by whoever needs it, not replayed to live listeners. An event the bus refuses for
 * good (too large, say) is parked, and the relay goes on.
 */
export async function startEventRelay(options: { store: EventStore; feed?: EventSource; bus: Bus; logger: Logger; parking?: EventParking }): Promise<() => Promise<void>> {
  const { bus, parking } = options
  const controller = new AbortController()
  parking?.register(EVENT_RELAY, async (event) => {
    if (event.position === undefined) throw new Error('the event relay only announces stored events')
    await bus.publishEvents([event])
  })
  const loop = catchUp({
    name: EVENT_RELAY,
    source: options.feed ?? options.store,
    after: await options.store.headPosition(),
    signal: controller.signal,
    logger: options.logger,
    idleMs: 5000,
    handle: async (events) => {
      await bus.publishEvents(events)
      return events.at(-1)!.position
    },
    isolate: parking
      ? async (events: readonly StoredEvent[], _error: unknown, progressed: (position: bigint) => void) => {
          for (const event of events) {
            try {
              await bus.publishEvents([event])
            } catch (error) {
              if (isTransientError(error)) throw error
              const pauseMs = await parking.park(EVENT_RELAY, event, error)
              if (pauseMs > 0) await sleep(pauseMs, controller.signal) // the parking circuit
            }
            progressed(event.position)
            if (controller.signal.aborted) return event.position // stopping (say, during a pause of the parking circuit)
          }
          return events.at(-1)!.position
        }
      : undefined,
  })
  return async () => {
    controller.abort()
    await loop
  }
}
