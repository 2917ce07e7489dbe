import { sql, type Kysely } from 'kysely'
import type { ParkedEventsTables } from './tables.ts'

export interface ParkedEventRecord {
  readonly id: string
  readonly consumer: string
  readonly position: bigint | null
  readonly eventId: string
  readonly eventType: string
  readonly streamId: string
  readonly sessionId: string | null
  /** The event itself, as JSON, when it is not in the store. */
  readonly payload: string | null
  readonly error: string
  readonly at: Date
}

/**
 * Records that `consumer` gave up on an event, in the caller's transaction: a first failure inserts
 * the row, a later one (a retry that failed again) counts an attempt and unresolves it. Answers true
 * for a first failure.
 */
export async function parkEvent(db: Kysely<ParkedEventsTables>, record: ParkedEventRecord): Promise<boolean> {
  const row = await db
    .insertInto('parked_events')
    .values({
      id: record.id,
      consumer: record.consumer,
      position: record.position,
      event_id: record.eventId,
      event_type: record.eventType,
      stream_id: record.streamId,
      session_id: record.sessionId,
      payload: record.payload,
      error: record.error,
      attempts: 1,
      first_failed_at: record.at,
      last_failed_at: record.at,
      resolved_at: null,
    })
    .onConflict((c) =>
      c.column('id').doUpdateSet({
        error: record.error,
        attempts: sql`parked_events.attempts + 1`,
        last_failed_at: record.at,
        resolved_at: null,
      }),
    )
    .returning(sql<number>`parked_events.attempts`.as('attempts'))
    .executeTakeFirstOrThrow()
  return row.attempts === 1
}
