import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { PostgresIdempotencyStore, type IdempotencyTables } from './postgres-idempotency-store.ts'

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`idempotency keys on ${kind}`, () => {
    let test: TestDatabase<IdempotencyTables>
    let store: PostgresIdempotencyStore
    beforeAll(async () => {
      test = await openTestDatabase<IdempotencyTables>(kind)
      store = new PostgresIdempotencyStore(test.db)
    })
    afterAll(() => test?.close())

    it('lets the first claim through, keeps others out while in flight, then answers with the first result', async () => {
      expect(await store.claim('s1', 'k1', 'h')).toEqual({ state: 'claimed' })
      expect(await store.claim('s1', 'k1', 'h')).toEqual({ state: 'in-flight' })
      await store.complete('s1', 'k1', { success: true, messageId: 'ABC' })
      expect(await store.claim('s1', 'k1', 'h')).toEqual({ state: 'done', result: { success: true, messageId: 'ABC' } })
      expect(await store.claim('s1', 'k1', 'other request')).toEqual({ state: 'mismatch' })
      expect(await store.claim('s2', 'k1', 'other request')).toEqual({ state: 'claimed' })
    })

    it('frees a released claim for a retry, but never a completed one', async () => {
      expect(await store.claim('s3', 'k', 'h')).toEqual({ state: 'claimed' })
      await store.release('s3', 'k')
      expect(await store.claim('s3', 'k', 'h')).toEqual({ state: 'claimed' })
      await store.complete('s3', 'k', { ok: 1 })
      await store.release('s3', 'k')
      expect(await store.claim('s3', 'k', 'h')).toMatchObject({ state: 'done' })
    })
  })
}
