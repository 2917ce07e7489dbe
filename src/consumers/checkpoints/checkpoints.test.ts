import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { claimCheckpoint } from './claim-checkpoint.ts'
import { readCheckpoint } from './read-checkpoint.ts'
import { storeCheckpoint } from './store-checkpoint.ts'
import type { CheckpointTables } from './tables.ts'

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`checkpoints on ${kind}`, () => {
    let test: TestDatabase<CheckpointTables>
    beforeAll(async () => {
      test = await openTestDatabase<CheckpointTables>(kind)
    })
    afterAll(() => test?.close())

    it('reads 0 for a consumer that never ran, then what was stored', async () => {
      expect(await readCheckpoint(test.db, 'fresh')).toBe(0n)
      await storeCheckpoint(test.db, 'fresh', 42n)
      await storeCheckpoint(test.db, 'fresh', 43n)
      expect(await readCheckpoint(test.db, 'fresh')).toBe(43n)
    })

    it('claims a checkpoint inside a transaction, at 0 when it never ran', async () => {
      const claimed = await test.db.transaction().execute(async (trx) => {
        const position = await claimCheckpoint(trx, 'claimed')
        await storeCheckpoint(trx, 'claimed', 7n)
        return position
      })
      expect(claimed).toBe(0n)
      expect(await readCheckpoint(test.db, 'claimed')).toBe(7n)
    })

    it('claims without taking a transaction id, so readers of the event store are not held back', async () => {
      const xid = await test.db.transaction().execute(async (trx) => {
        await claimCheckpoint(trx, 'no-xid')
        const { rows } = await sql<{ xid: string | null }>`SELECT pg_current_xact_id_if_assigned()::text AS xid`.execute(trx)
        return rows[0]!.xid
      })
      expect(xid).toBeNull()
    })

    it.skipIf(kind !== 'postgres')('makes a second claimant wait for the first and see what it stored', async () => {
      await storeCheckpoint(test.db, 'turns', 1n)
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      let claimedFirst!: () => void
      const firstHasIt = new Promise<void>((resolve) => (claimedFirst = resolve))
      const first = test.db.transaction().execute(async (trx) => {
        expect(await claimCheckpoint(trx, 'turns')).toBe(1n)
        claimedFirst()
        await held
        await storeCheckpoint(trx, 'turns', 2n)
      })
      await firstHasIt
      let secondSaw: bigint | undefined
      const second = test.db.transaction().execute(async (trx) => {
        secondSaw = await claimCheckpoint(trx, 'turns')
      })
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(secondSaw).toBeUndefined()
      release()
      await Promise.all([first, second])
      expect(secondSaw).toBe(2n)
    })

    it('rolls the checkpoint back with the transaction that failed', async () => {
      await storeCheckpoint(test.db, 'atomic', 5n)
      await expect(
        test.db.transaction().execute(async (trx) => {
          await storeCheckpoint(trx, 'atomic', 9n)
          throw new Error('read model write failed')
        }),
      ).rejects.toThrow('read model write failed')
      expect(await readCheckpoint(test.db, 'atomic')).toBe(5n)
    })
  })
}
