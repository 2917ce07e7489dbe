import { IdentityEventTypes, type IdentityMappedData } from '../../domain/contacts/identity-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { requireIdOfStream } from '../../domain/streams.ts'

export type IdentitySegment =
  | { readonly kind: 'events'; readonly events: readonly StoredEvent[] }
  | { readonly kind: 'mapped'; readonly sessionId: string; readonly pair: IdentityMappedData }

/**
 * A batch cut at its identity.mapped events, in order: a read model folds the traffic between them as
 * usual and merges a person's LID rows into their phone-number rows at each one, so what follows a
 * mapping lands on the merged row.
 */
export function identitySegments(events: readonly StoredEvent[]): IdentitySegment[] {
  const segments: IdentitySegment[] = []
  let run: StoredEvent[] = []
  for (const event of events) {
    if (event.type !== IdentityEventTypes.mapped) {
      run.push(event)
      continue
    }
    if (run.length > 0) segments.push({ kind: 'events', events: run })
    run = []
    segments.push({ kind: 'mapped', sessionId: requireIdOfStream(event.streamId, 'messages'), pair: event.data as IdentityMappedData })
  }
  if (run.length > 0) segments.push({ kind: 'events', events: run })
  return segments
}

/**
 * Applies a batch to a read model that keeps a person's rows under one address: `fold` the traffic
 * between mappings as usual, `merge` the LID's rows into the number's at each mapping.
 */
export async function applyWithIdentities(
  events: readonly StoredEvent[],
  fold: (events: readonly StoredEvent[]) => Promise<void>,
  merge: (sessionId: string, pair: IdentityMappedData) => Promise<void>,
): Promise<void> {
  for (const segment of identitySegments(events)) {
    if (segment.kind === 'mapped') await merge(segment.sessionId, segment.pair)
    else await fold(segment.events)
  }
}
