import { sql, type Kysely } from 'kysely'

/**
 * Which event store (Postgres or KurrentDB) the read models and checkpoints of this database were
 * built from: one row, written at the first start. Positions of one store mean nothing in the other,
 * so a gateway refuses to start on the other one. A database from before this table gets its row
 * from what it holds: events in Postgres, or else checkpoints that advanced (they came from KurrentDB).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_store_origin')
    .addColumn('id', 'boolean', (c) => c.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('postgres', 'kurrentdb')`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`
    insert into event_store_origin (kind)
    select case when exists (select 1 from events) then 'postgres' else 'kurrentdb' end
    where exists (select 1 from events) or exists (select 1 from checkpoints where position > 0)
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_store_origin').execute()
}
