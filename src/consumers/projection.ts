import type { Kysely } from 'kysely'
import type { StoredEvent } from '../domain/ports/event-store.ts'

/**
 * A read model kept in Postgres. The runner calls `apply` inside a transaction that also moves the
 * projection's checkpoint, so a batch is applied exactly once or not at all.
 */
export interface Projection<Tables = any> {
  readonly name: string
  /** The event types it reads; others pass by (its checkpoint still moves past them). */
  readonly eventTypes?: readonly string[]
  apply(db: Kysely<Tables>, events: readonly StoredEvent[]): Promise<void>
  /** Empties the read model before a rebuild from position 0. */
  reset(db: Kysely<Tables>): Promise<void>
}
