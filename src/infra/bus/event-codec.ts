import type { StoredEvent } from '../../domain/ports/event-store.ts'

/** StoredEvent as JSON on the wire: bigint positions and dates as strings. */
export function encodeEvent(event: StoredEvent): string {
  return JSON.stringify({ ...event, position: event.position.toString(), occurredAt: event.occurredAt.toISOString() })
}

export function decodeEvent(json: string): StoredEvent {
  const raw = JSON.parse(json) as Omit<StoredEvent, 'position' | 'occurredAt'> & { position: string; occurredAt: string }
  return { ...raw, position: BigInt(raw.position), occurredAt: new Date(raw.occurredAt) }
}
