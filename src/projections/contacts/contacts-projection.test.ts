import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { contactsProjection } from './contacts-projection.ts'
import type { ContactsTables } from './tables.ts'

let position = 0n
const event = (type: string, data: object, session = 's1'): StoredEvent => ({
  id: `e${++position}`,
  type,
  streamId: `messages-${session}`,
  revision: Number(position),
  position,
  occurredAt: new Date(1_700_000_000_000 + Number(position) * 1000),
  data,
  metadata: {},
})
const ANA = '628111@s.whatsapp.net'
const ANA_LID = '900111@lid'
const BUDI = '628222@s.whatsapp.net'

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`contacts projection on ${kind}`, () => {
    let test: TestDatabase<ContactsTables>
    beforeAll(async () => {
      test = await openTestDatabase<ContactsTables>(kind)
    })
    afterAll(() => test?.close())
    beforeEach(() => contactsProjection.reset(test.db))
    const rows = () => test.db.selectFrom('contacts').select(['session_id', 'jid', 'name', 'notify', 'profile_pic', 'blocked']).orderBy('session_id').orderBy('jid').execute()

    it('keeps what each contact.update says and leaves the rest', async () => {
      await contactsProjection.apply(test.db, [
        event('contact.update', { jid: ANA, notify: 'Ana' }),
        event('contact.update', { jid: ANA, name: 'Ana (shop)', imgUrl: 'https://pic/a' }),
        event('contact.update', { jid: ANA, imgUrl: null }),
        event('contact.update', { jid: ANA, notify: 'Other session' }, 's2'),
      ])
      expect(await rows()).toEqual([
        { session_id: 's1', jid: ANA, name: 'Ana (shop)', notify: 'Ana', profile_pic: null, blocked: false },
        { session_id: 's2', jid: ANA, name: null, notify: 'Other session', profile_pic: null, blocked: false },
      ])
    })

    it('blocks, unblocks, and takes a whole list as the truth', async () => {
      await contactsProjection.apply(test.db, [
        event('contact.update', { jid: ANA, notify: 'Ana' }),
        event('contact.blocklist', { action: 'block', jids: [ANA, BUDI] }),
        event('contact.blocklist', { action: 'unblock', jids: [BUDI] }),
      ])
      expect((await rows()).map((r) => [r.jid, r.blocked])).toEqual([[ANA, true], [BUDI, false]])
      await contactsProjection.apply(test.db, [event('contact.blocklist', { action: 'set', jids: [BUDI] })])
      expect((await rows()).map((r) => [r.jid, r.blocked])).toEqual([[ANA, false], [BUDI, true]])
      await contactsProjection.apply(test.db, [event('contact.blocklist', { action: 'set', jids: [] })])
      expect((await rows()).map((r) => r.blocked)).toEqual([false, false])
    })

    it('folds a person’s LID row into their number’s when the pair is learnt, what the number lacks from the LID', async () => {
      await contactsProjection.apply(test.db, [
        event('contact.update', { jid: ANA_LID, notify: 'Ana via LID', imgUrl: 'https://pic/lid' }),
        event('contact.blocklist', { action: 'block', jids: [ANA_LID] }),
        event('contact.update', { jid: ANA, name: 'Ana' }),
        event('identity.mapped', { lid: ANA_LID, pn: ANA }),
        event('contact.update', { jid: ANA, notify: 'Ana' }),
      ])
      expect(await rows()).toEqual([{ session_id: 's1', jid: ANA, name: 'Ana', notify: 'Ana', profile_pic: 'https://pic/lid', blocked: true }])
    })
  })
}
