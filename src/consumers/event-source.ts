import type { EventStore } from '../domain/ports/event-store.ts'

/**
 * What a consumer's catch-up loop reads from: the store itself, or the process's shared feed
 * (`SharedEventFeed`), which reads each batch from the store once for every consumer.
 */
export type EventSource = Pick<EventStore, 'readAll' | 'waitForAppend'>
