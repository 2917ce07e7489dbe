import { sql, type Kysely } from 'kysely'

/**
 * users.password_generated: the user still logs in with the password the gateway generated (set from
 * `user.registered`'s passwordGenerated, cleared by a password change), so that `GET /api/auth/me`
 * reads one row instead of the user's whole event stream. Existing users get it from the events kept
 * here (a Postgres/PGlite event store); with KurrentDB the table is empty and they start at false.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_generated', 'boolean', (c) => c.notNull().defaultTo(false)).execute()
  await sql`
    update users set password_generated = true
    where exists (select 1 from events e where e.stream_id = 'user-' || users.id and e.type = 'user.registered' and e.data->>'passwordGenerated' = 'true')
      and not exists (select 1 from events e where e.stream_id = 'user-' || users.id and e.type = 'user.password-changed')
  `.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('password_generated').execute()
}
