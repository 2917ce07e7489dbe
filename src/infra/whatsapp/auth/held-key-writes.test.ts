import { randomBytes } from 'node:crypto'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, type TestDatabase } from '../../../../tests/support/databases.ts'
import { eventually } from '../../../../tests/support/eventually.ts'
import { AesSecretBox } from '../../crypto/aes-secret-box.ts'
import { RecordingBarrier } from '../recording-barrier.ts'
import { holdKeyWrites } from './held-key-writes.ts'
import { loadPostgresAuthState } from './postgres-auth-state.ts'
import type { WaAuthTables } from './tables.ts'

describe('Signal key writes held for unrecorded messages (PGlite)', () => {
  let test: TestDatabase<WaAuthTables>
  const box = new AesSecretBox(randomBytes(32), 'wa-auth')
  const log = pino({ level: 'silent' })
  beforeAll(async () => {
    test = await openTestDatabase<WaAuthTables>('pglite')
  })
  afterAll(() => test?.close())

  const stored = async (sessionId: string, id: string) => (await (await loadPostgresAuthState(test.db, box, sessionId)).keys.get('session', [id]))[id]

  it('writes straight through while nothing waits', async () => {
    const auth = await loadPostgresAuthState(test.db, box, 'through')
    const keys = holdKeyWrites(auth.keys, new RecordingBarrier(), log)
    const value = randomBytes(16)
    await keys.set({ session: { a: value } })
    expect(Buffer.from((await stored('through', 'a'))!).equals(value)).toBe(true)
  })

  it('keeps the stored keys as they were until the message is recorded, and shows the new ones meanwhile', async () => {
    const auth = await loadPostgresAuthState(test.db, box, 'held')
    const barrier = new RecordingBarrier()
    const keys = holdKeyWrites(auth.keys, barrier, log)
    const before = randomBytes(16)
    await keys.set({ session: { a: before }, 'pre-key': { '1': { public: randomBytes(32), private: randomBytes(32) } } })

    barrier.arrived('m1')
    const after = randomBytes(16)
    await keys.set({ session: { a: after }, 'pre-key': { '1': null } })
    // A crash now restarts from the stored keys: the ones from before the message.
    expect(Buffer.from((await stored('held', 'a'))!).equals(before)).toBe(true)
    expect((await auth.keys.get('pre-key', ['1']))['1']).toBeDefined()
    // This connection reads its own writes.
    expect(Buffer.from((await keys.get('session', ['a']))['a']!).equals(after)).toBe(true)
    expect(await keys.get('pre-key', ['1'])).toEqual({})

    barrier.recorded(['m1'])
    await eventually(async () => expect(Buffer.from((await stored('held', 'a'))!).equals(after)).toBe(true))
    expect(await auth.keys.get('pre-key', ['1'])).toEqual({})
  })
})
