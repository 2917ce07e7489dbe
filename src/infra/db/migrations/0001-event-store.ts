import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // position = (transaction id << 20) + ordinal in the append: increasing in commit-visible order,
  // which is what makes reads by position gap-safe (see read-all.ts). The unique (stream_id, revision)
  // is the optimistic concurrency check (see append-events.ts).
  await db.schema
    .createTable('events')
    .addColumn('position', 'bigint', (c) => c.primaryKey())
    .addColumn('id', 'uuid', (c) => c.notNull().unique())
    .addColumn('stream_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('metadata', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('events_stream_revision', ['stream_id', 'revision'])
    .execute()

  await db.schema.createIndex('events_type_position').on('events').columns(['type', 'position']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('events').execute()
}
