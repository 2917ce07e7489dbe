import type { AllStreamResolvedEvent, ResolvedEvent } from '@kurrent/kurrentdb-client'
import type { EventMetadata, StoredEvent } from '../../../domain/ports/event-store.ts'
import { encodePosition } from './kurrentdb-position.ts'

/** A KurrentDB event as the port's StoredEvent; occurredAt is the server's `created` time. */
export function toStoredEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent {
  const recorded = resolved.event
  if (!recorded) throw new Error('KurrentDB returned a link without its event; this adapter reads without resolving links')
  if (!recorded.isJson) throw new Error(`event ${recorded.id} in ${recorded.streamId} is not JSON; this store only holds JSON events`)
  return {
    id: recorded.id,
    type: recorded.type,
    streamId: recorded.streamId,
    revision: Number(recorded.revision),
    position: encodePosition(recorded.position, `event ${recorded.id} in ${recorded.streamId}`),
    occurredAt: recorded.created,
    data: recorded.data,
    metadata: isMetadata(recorded.metadata) ? recorded.metadata : {},
  }
}

function isMetadata(value: unknown): value is EventMetadata {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
}
