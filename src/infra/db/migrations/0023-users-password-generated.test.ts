import { Migrator, type Migration } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { PostgresEventStore } from '../../event-store/postgres/postgres-event-store.ts'
import { migrateToLatest } from '../migrate.ts'
import { openDatabase, type DatabaseHandle } from '../open-database.ts'
import { migrations } from './index.ts'

describe('migration 0023: users.password_generated', () => {
  let handle: DatabaseHandle<any> | undefined
  afterEach(async () => {
    await handle?.close()
    handle = undefined
  })

  it("fills the column for existing users from their events: generated and never changed", async () => {
    handle = await openDatabase<any>({})
    const db = handle.db
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations as Record<string, Migration> } }).migrateTo('0022-event-store-origin')
    expect(error).toBeUndefined()
    const store = new PostgresEventStore(db)
    const at = new Date()
    for (const [id, generated, changed] of [['u-gen', true, false], ['u-changed', true, true], ['u-chosen', false, false]] as const) {
      await db.insertInto('users').values({ id, email: `${id}@example.com`, role: 'OWNER', password_hash: 'h', created_at: at, updated_at: at }).execute()
      await store.append(`user-${id}`, [{ type: 'user.registered', data: { id, email: `${id}@example.com`, role: 'OWNER', passwordHash: 'h', ...(generated ? { passwordGenerated: true } : {}) } }])
      if (changed) await store.append(`user-${id}`, [{ type: 'user.password-changed', data: { passwordHash: 'h2' } }])
    }
    expect(await migrateToLatest(db)).toContain('0023-users-password-generated')
    const rows = await db.selectFrom('users').select(['id', 'password_generated']).orderBy('id').execute()
    expect(rows).toEqual([
      { id: 'u-changed', password_generated: false },
      { id: 'u-chosen', password_generated: false },
      { id: 'u-gen', password_generated: true },
    ])
  })
})
