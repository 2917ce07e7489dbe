import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../../tests/support/databases.ts'
import { AesSecretBox } from '../../crypto/aes-secret-box.ts'
import { deleteAuth } from './delete-auth.ts'
import { loadPostgresAuthState } from './postgres-auth-state.ts'
import type { WaAuthTables } from './tables.ts'

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`Baileys auth state on ${kind}`, () => {
    let test: TestDatabase<WaAuthTables>
    const box = new AesSecretBox(randomBytes(32), 'wa-auth')
    beforeAll(async () => {
      test = await openTestDatabase<WaAuthTables>(kind)
    })
    afterAll(() => test?.close())

    it('keeps creds and keys across loads, with buffers intact, sealed at rest', async () => {
      const first = await loadPostgresAuthState(test.db, box, 's1')
      expect(first.creds.registered).toBe(false)
      const noiseKey = Buffer.from(first.creds.noiseKey.private)
      first.creds.me = { id: '6281234@s.whatsapp.net', name: 'Adit' }
      await first.saveCreds()
      const session = randomBytes(64)
      await first.keys.set({ session: { 'a.0': session }, 'pre-key': { '1': { public: randomBytes(32), private: randomBytes(32) } } })

      const again = await loadPostgresAuthState(test.db, box, 's1')
      expect(again.creds.me).toEqual({ id: '6281234@s.whatsapp.net', name: 'Adit' })
      expect(Buffer.from(again.creds.noiseKey.private).equals(noiseKey)).toBe(true)
      const got = await again.keys.get('session', ['a.0', 'missing'])
      expect(Buffer.from(got['a.0']!).equals(session)).toBe(true)
      expect(got).not.toHaveProperty('missing')

      const dump = JSON.stringify((await sql`SELECT * FROM wa_auth`.execute(test.db)).rows)
      expect(dump).not.toContain('6281234')
      expect(dump).not.toContain(noiseKey.toString('base64'))
    })

    it('lists the LID↔phone-number pairs Baileys stored, from their reverse keys', async () => {
      const state = await loadPostgresAuthState(test.db, box, 's-lid')
      // As Baileys' LIDMappingStore writes them: pn user → lid user, and lid user_reverse → pn user.
      await state.keys.set({ 'lid-mapping': { '6287748687946': '123456789012345', '123456789012345_reverse': '6287748687946', '62811': '99' } } as never)
      expect(await state.identities()).toEqual([{ lid: '123456789012345@lid', pn: '6287748687946@s.whatsapp.net' }])
      expect(await (await loadPostgresAuthState(test.db, box, 's-other')).identities()).toEqual([])
    })

    it('deletes a key set to null, and everything of a session on deleteAuth', async () => {
      const state = await loadPostgresAuthState(test.db, box, 's2')
      await state.keys.set({ 'pre-key': { '7': { public: randomBytes(32), private: randomBytes(32) } } })
      await state.keys.set({ 'pre-key': { '7': null } })
      expect(await state.keys.get('pre-key', ['7'])).toEqual({})
      await state.saveCreds()
      await deleteAuth(test.db, 's2')
      expect((await loadPostgresAuthState(test.db, box, 's2')).creds.me).toBeUndefined()
    })
  })
}
