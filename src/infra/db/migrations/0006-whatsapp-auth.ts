import type { Kysely } from 'kysely'

/** Baileys' credentials and Signal keys per session, each value sealed with the gateway key. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wa_auth')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wa_auth_pk', ['session_id', 'kind', 'key_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wa_auth').execute()
}
