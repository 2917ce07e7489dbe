import type { Kysely } from 'kysely'

/**
 * Parked events: an event one consumer (a projection, the event relay, a session's recorder) failed on
 * with an error that retrying would not cure. The consumer went on past it; an operator lists them
 * and retries one once its cause is fixed. `payload` holds an event that never reached the store.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('parked_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('position', 'bigint')
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('stream_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('payload', 'text')
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_failed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('parked_events_consumer').on('parked_events').columns(['consumer', 'first_failed_at']).execute()
  await db.schema.createIndex('parked_events_unresolved').on('parked_events').columns(['resolved_at', 'first_failed_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('parked_events').execute()
}
