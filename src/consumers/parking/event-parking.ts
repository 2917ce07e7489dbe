import type { Kysely, Selectable } from 'kysely'
import type { Logger } from 'pino'
import { ConflictError, NotFoundError } from '../../domain/errors.ts'
import { eventMetadata } from '../../domain/event-metadata.ts'
import { stableId } from '../../domain/ids.ts'
import type { EventStore, NewEvent, StoredEvent } from '../../domain/ports/event-store.ts'
import { describeError } from '../../domain/retry/transient-error.ts'
import { sessionIdOfStream } from '../../domain/streams.ts'
import { storableText, storableValue } from '../../domain/text/storable-text.ts'
import { claimParkedEvent } from './claim-parked-event.ts'
import { findParkedEvent, unresolvedParkedEvents } from './list-parked-events.ts'
import { parkEvent, type ParkedEventRecord } from './park-event.ts'
import { ParkingCircuit, type ParkingCircuitPolicy } from './parking-circuit.ts'
import type { ParkedEventsTable, ParkedEventsTables } from './tables.ts'

/** The audit trail of parking: its own stream, so the audit log (and nothing else) shows it. */
export const PARKED_EVENTS_STREAM = 'parked-events'
export const ParkedEventTypes = {
  parked: 'event.parked',
  resolved: 'event.parked.resolved',
} as const

/** The event a consumer failed on: stored (with its position), or one that never reached the store. */
export type FailedEvent = StoredEvent | (NewEvent & { readonly id: string; readonly streamId: string; readonly position?: undefined })

/**
 * Re-applies one event to its consumer (an operator's retry). Throws when it fails again. A
 * transactional consumer gets the transaction that claims the parked row and writes only through it.
 */
export type Reapply = (event: FailedEvent, trx: Kysely<any>) => Promise<void>

interface Consumer {
  readonly reapply: Reapply
  /** Its writes all go through the claiming transaction: a failed re-apply leaves the event parked as it was. */
  readonly transactional: boolean
}

export interface ParkedEventView {
  id: string
  consumer: string
  position: string | null
  eventId: string
  eventType: string
  streamId: string
  sessionId: string | null
  error: string
  attempts: number
  firstFailedAt: string
  lastFailedAt: string
  resolvedAt: string | null
}

/**
 * Where consumers put the events they cannot handle, so that one bad event never stalls them: the
 * `parked_events` table (listed and retried by an operator), an audit event, and a warning in the log.
 */
export class EventParking {
  readonly #db: Kysely<ParkedEventsTables>
  readonly #store: EventStore
  readonly #log: Logger
  readonly #now: () => Date
  readonly #consumers = new Map<string, Consumer>()
  readonly #circuits = new Map<string, ParkingCircuit>()
  readonly #circuit: ParkingCircuitPolicy | undefined

  constructor(options: { db: Kysely<ParkedEventsTables>; store: EventStore; logger: Logger; now?: () => Date; circuit?: ParkingCircuitPolicy }) {
    this.#db = options.db
    this.#circuit = options.circuit
    this.#store = options.store
    this.#log = options.logger.child({ component: 'event-parking' })
    this.#now = options.now ?? (() => new Date())
  }

  /** Names a consumer whose parked events an operator may retry, and how to re-apply one. */
  register(consumer: string, reapply: Reapply, options: { transactional?: boolean } = {}): void {
    this.#consumers.set(consumer, { reapply, transactional: options.transactional ?? false })
  }

  /** The record of `consumer` giving up on `event` (for the caller to write, e.g. in its checkpoint's transaction). */
  record(consumer: string, event: FailedEvent, error: unknown): ParkedEventRecord {
    const streamId = event.streamId
    return {
      id: stableId('parked', consumer, event.id),
      consumer,
      position: event.position ?? null,
      eventId: event.id,
      eventType: storableText(event.type),
      streamId: storableText(streamId),
      sessionId: sessionIdOfStream(streamId) ?? sessionIn(event.data),
      payload: event.position === undefined ? JSON.stringify({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }) : null,
      error: storableText(describeError(error)).slice(0, 2000),
      at: this.#now(),
    }
  }

  /** The event ids (and payloads) `consumer` parked that no one resolved yet. */
  unresolved(consumer: string): Promise<Array<{ event_id: string; payload: string | null }>> {
    return unresolvedParkedEvents(this.#db, consumer)
  }

  /** Parks an event in its own transaction, then announces it. Answers how long the consumer should pause (see `announce`). */
  async park(consumer: string, event: FailedEvent, error: unknown, db: Kysely<ParkedEventsTables> = this.#db): Promise<number> {
    const record = this.record(consumer, event, error)
    const first = await parkEvent(db, record)
    return this.announce(record, first)
  }

  /**
   * Logs a parking and, the first time, records it in the audit log. Never throws. Answers how long
   * the consumer should pause before it goes on: 0, unless it parked so many events so fast (the
   * parking circuit) that an outage taken for bad events is likelier than that many bad events.
   */
  async announce(record: ParkedEventRecord, first = true): Promise<number> {
    const pauseMs = this.#circuitOf(record.consumer).record(record.at.getTime())
    if (pauseMs > 0) {
      this.#log.error(
        { consumer: record.consumer, pauseMs, lastError: record.error },
        'a consumer parked many events within a minute: most likely an outage, not bad events; pausing it before it goes on (check the database and GET /api/admin/parked-events)',
      )
    }
    await this.#announce(record, first)
    return pauseMs
  }

  #circuitOf(consumer: string): ParkingCircuit {
    let circuit = this.#circuits.get(consumer)
    if (!circuit) this.#circuits.set(consumer, (circuit = new ParkingCircuit(this.#circuit)))
    return circuit
  }

  async #announce(record: ParkedEventRecord, first: boolean): Promise<void> {
    this.#log.warn(
      { consumer: record.consumer, position: record.position?.toString() ?? null, eventId: record.eventId, eventType: record.eventType, streamId: record.streamId, error: record.error },
      'parked an event the consumer cannot handle; it goes on past it (GET /api/admin/parked-events)',
    )
    // The audit trail of a parking is never parked in turn: a broken consumer must not feed itself.
    if (!first || record.streamId === PARKED_EVENTS_STREAM) return
    await this.#audit(ParkedEventTypes.parked, stableId(ParkedEventTypes.parked, record.id), {
      parkedEventId: record.id,
      consumer: record.consumer,
      position: record.position?.toString() ?? null,
      eventId: record.eventId,
      eventType: record.eventType,
      streamId: record.streamId,
      sessionId: record.sessionId,
      error: record.error,
    })
  }

  /**
   * Re-applies a parked event to its consumer; resolved when that works, counted as another failure
   * when not. The retry claims the row first (one of two concurrent retries wins, the other is a
   * ConflictError), in the re-apply's transaction where the consumer is transactional (a projection).
   * A projection's retry applies an old event after the newer ones that went past it (README).
   */
  async retry(id: string): Promise<ParkedEventView & { outcome: 'resolved' | 'failed' }> {
    const row = await findParkedEvent(this.#db, id)
    if (!row) throw new NotFoundError(`no parked event ${id}`)
    if (row.resolved_at) throw new ConflictError(`parked event ${id} is resolved already`)
    const consumer = this.#consumers.get(row.consumer)
    if (!consumer) throw new ConflictError(`consumer ${row.consumer} does not run on this node; retry where it runs`)
    const event = await this.#eventOf(row)
    const at = this.#now()
    const taken = () => new ConflictError(`parked event ${id} is being retried or was resolved meanwhile`)
    let claimed = false
    try {
      if (consumer.transactional) {
        await this.#db.transaction().execute(async (trx) => {
          if (!(await claimParkedEvent(trx, id, at))) throw taken()
          claimed = true
          await consumer.reapply(event, trx)
        })
      } else {
        if (!(await claimParkedEvent(this.#db, id, at))) throw taken()
        claimed = true
        await consumer.reapply(event, this.#db)
      }
    } catch (error) {
      if (!claimed) throw error
      // Parked again: one more attempt, unresolved (undoing a non-transactional claim).
      await parkEvent(this.#db, this.record(row.consumer, event, error))
      this.#log.warn({ err: error, consumer: row.consumer, eventId: row.event_id }, 'retry of a parked event failed again')
      return { ...viewOf((await findParkedEvent(this.#db, id))!), outcome: 'failed' }
    }
    this.#log.info({ consumer: row.consumer, eventId: row.event_id }, 'parked event retried and resolved')
    await this.#audit(ParkedEventTypes.resolved, stableId(ParkedEventTypes.resolved, id, at.toISOString()), {
      parkedEventId: id,
      consumer: row.consumer,
      eventId: row.event_id,
      streamId: row.stream_id,
      sessionId: row.session_id,
    })
    return { ...viewOf((await findParkedEvent(this.#db, id))!), outcome: 'resolved' }
  }

  async #eventOf(row: Selectable<ParkedEventsTable>): Promise<FailedEvent> {
    if (row.payload !== null) {
      const parsed = JSON.parse(row.payload) as { id: string; type: string; data: unknown; metadata?: NewEvent['metadata'] }
      return { ...parsed, streamId: row.stream_id }
    }
    const position = row.position ?? 0n
    const [event] = await this.#store.readAll({ after: position - 1n, limit: 1 })
    if (!event || event.id !== row.event_id) throw new ConflictError(`event ${row.event_id} is no longer at position ${position} of the log`)
    return event
  }

  async #audit(type: string, eventId: string, data: Record<string, unknown>): Promise<void> {
    try {
      await this.#store.append(PARKED_EVENTS_STREAM, [{ id: eventId, type, data: storableValue(data), metadata: eventMetadata({ actor: { kind: 'system', id: 'event-parking' } }) }])
    } catch (error) {
      this.#log.error({ err: error, type, data }, 'could not record a parking in the audit log; it is in parked_events')
    }
  }
}

export function viewOf(row: Selectable<ParkedEventsTable>): ParkedEventView {
  return {
    id: row.id,
    consumer: row.consumer,
    position: row.position === null ? null : row.position.toString(),
    eventId: row.event_id,
    eventType: row.event_type,
    streamId: row.stream_id,
    sessionId: row.session_id,
    error: row.error,
    attempts: row.attempts,
    firstFailedAt: row.first_failed_at.toISOString(),
    lastFailedAt: row.last_failed_at.toISOString(),
    resolvedAt: row.resolved_at ? row.resolved_at.toISOString() : null,
  }
}

function sessionIn(data: unknown): string | null {
  const sessionId = (data as { sessionId?: unknown } | null)?.sessionId
  return typeof sessionId === 'string' ? storableText(sessionId) : null
}
