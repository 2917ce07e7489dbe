import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { ExpectedRevision, NewEvent } from '../../../domain/ports/event-store.ts'
import { preparedMarker } from '../../db/prepared-statements.ts'
import type { EventStoreTables } from './tables.ts'

/** The last event written: its position and revision (the append's result). */
export interface AppendedRow {
  position: bigint
  revision: number
}

/**
 * Inserts the events after the stream's last revision in ONE statement (one round trip, atomic) and
 * returns what was written; nothing when `expected` does not hold.
 *
 * Two writers racing on one stream both aim at the same next revision; the unique (stream_id, revision)
 * index makes the later one wait for the first and then fail, and its retry runs in a new transaction
 * with a higher id. So a stream's revisions and its events' global positions always rise together,
 * which a lock on a separate streams row could not promise (a waiter may own the older transaction id).
 */
export async function appendEvents(
  db: Kysely<EventStoreTables>,
  streamId: string,
  events: ReadonlyArray<NewEvent & { id: string }>,
  expected: ExpectedRevision,
): Promise<AppendedRow | undefined> {
  const { rows } = await sql<AppendedRow>`${events.length === 1 ? insertOne(streamId, events[0]!, expected) : insertMany(streamId, events, expected)}`.execute(db)
  const [row] = rows
  return row?.position == null ? undefined : row
}

const json = (value: unknown) => JSON.stringify(value ?? null)
const head = (streamId: string) => sql`(SELECT coalesce(max(revision), -1) AS revision FROM events WHERE stream_id = ${streamId}) AS head`

function insertOne(streamId: string, e: NewEvent & { id: string }, expected: ExpectedRevision): RawBuilder<AppendedRow> {
  return sql`${prepared('append-one', expected)}
    INSERT INTO events (position, id, stream_id, revision, type, data, metadata)
    SELECT (pg_current_xact_id()::text::bigint << 20) + 1, ${e.id}::uuid, ${streamId}, head.revision + 1, ${e.type},
      ${json(e.data)}::jsonb, ${json(e.metadata ?? {})}::jsonb
    FROM ${head(streamId)}
    WHERE ${expectation(expected)}
    RETURNING position, revision`
}

function insertMany(streamId: string, events: ReadonlyArray<NewEvent & { id: string }>, expected: ExpectedRevision): RawBuilder<AppendedRow> {
  return sql`${prepared('append-many', expected)}
    WITH written AS (
      INSERT INTO events (position, id, stream_id, revision, type, data, metadata)
      SELECT tx.base + e.ord, e.id, ${streamId}, head.revision + e.ord::int, e.type, e.data, e.metadata
      FROM ${head(streamId)},
        (SELECT pg_current_xact_id()::text::bigint << 20 AS base) AS tx,
        unnest(${events.map((e) => e.id)}::uuid[], ${events.map((e) => e.type)}::text[],
          ${events.map((e) => json(e.data))}::jsonb[], ${events.map((e) => json(e.metadata ?? {}))}::jsonb[])
          WITH ORDINALITY AS e(id, type, data, metadata, ord)
      WHERE ${expectation(expected)}
      RETURNING position, revision
    )
    SELECT max(position) AS position, max(revision) AS revision FROM written`
}

/** The statement is the same text for each kind of expectation (the revision is a parameter), so it is prepared per kind. */
const prepared = (statement: string, expected: ExpectedRevision) =>
  sql.raw(preparedMarker(`${statement}-${typeof expected === 'number' ? 'revision' : expected.replace('_', '-')}`))

function expectation(expected: ExpectedRevision): RawBuilder<unknown> {
  switch (expected) {
    case 'any':
      return sql`true`
    case 'no_stream':
      return sql`head.revision = -1`
    case 'exists':
      return sql`head.revision >= 0`
    default:
      return sql`head.revision = ${expected}::int`
  }
}
