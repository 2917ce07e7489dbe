import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { NoResponderError, type Bus, type BusCommand, type BusCommandHandler, type EventsListener } from '../../domain/ports/bus.ts'

/** The embedded bus: one process, so events and commands are plain calls. */
export class InProcessBus implements Bus {
  readonly #listeners = new Set<EventsListener>()
  readonly #handlers = new Map<string, BusCommandHandler>()

  async publishEvents(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return
    for (const listener of this.#listeners) {
      try {
        listener(events)
      } catch {
        // A listener's failure is its own; the others still hear the events.
      }
    }
  }

  onEvents(listener: EventsListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async serve(address: string, handler: BusCommandHandler): Promise<() => Promise<void>> {
    this.#handlers.set(address, handler)
    return async () => {
      if (this.#handlers.get(address) === handler) this.#handlers.delete(address)
    }
  }

  async request<Reply>(address: string, command: BusCommand): Promise<Reply> {
    const handler = this.#handlers.get(address)
    if (!handler) throw new NoResponderError(address)
    return (await handler(command)) as Reply
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#listeners.clear()
    this.#handlers.clear()
  }
}
