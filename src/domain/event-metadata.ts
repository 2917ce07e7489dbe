import type { EventMetadata } from './ports/event-store.ts'

/** The version of the event schemas written today; a reader upcasts older events by it. */
export const EVENT_SCHEMA_VERSION = 1

/**
 * The metadata of an event about to be appended: its cause (actor, correlation, causation), the
 * schema version (unless the cause names one), and the node that wrote it when a node did (a session's
 * actor, the registry); commands handled on any node leave it out.
 */
export function eventMetadata(cause: EventMetadata, nodeId?: string): EventMetadata {
  return { schemaVersion: EVENT_SCHEMA_VERSION, ...cause, ...(nodeId === undefined ? {} : { nodeId }) }
}
