import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { chatsProjection } from './chats-projection.ts'
import type { ChatsTables } from './tables.ts'

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
const message = (remoteJid: string, text: string, timestamp: number, session = 's1') =>
  event('message.received', { keyId: text, remoteJid, fromMe: false, senderJid: null, pushName: `name of ${remoteJid}`, timestamp, type: 'TEXT', text, content: {}, quotedKeyId: null, media: null }, session)

// The same JID in two sessions, out-of-order messages, contact and group updates, 1,100 chats.
const history: StoredEvent[] = [
  message('a@s.whatsapp.net', 'later', 300),
  message('a@s.whatsapp.net', 'earlier', 100),
  message('a@s.whatsapp.net', 'other session', 50, 's2'),
  event('contact.update', { jid: 'a@s.whatsapp.net', name: 'Ana', imgUrl: 'https://pic/a' }),
  event('contact.update', { jid: 'a@s.whatsapp.net', imgUrl: null }),
  event('group.update', { jid: 'g@g.us', subject: 'Team' }),
  message('g@g.us', 'hello team', 200),
  event('message.received', { keyId: 's', remoteJid: 'status@broadcast', fromMe: false, senderJid: null, pushName: null, timestamp: 1, type: 'TEXT', text: 's', content: {}, quotedKeyId: null, media: null }),
  ...Array.from({ length: 1100 }, (_, i) => message(`${i}@s.whatsapp.net`, `m${i}`, i)),
]

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`chats projection on ${kind}`, () => {
    let test: TestDatabase<ChatsTables>
    beforeAll(async () => {
      test = await openTestDatabase<ChatsTables>(kind)
    })
    afterAll(() => test?.close())
    beforeEach(() => chatsProjection.reset(test.db))
    const rows = () => test.db.selectFrom('chats').selectAll().orderBy('session_id').orderBy('jid').execute()

    it('lands a batch exactly as it lands event by event', async () => {
      for (const e of history) await chatsProjection.apply(test.db, [e])
      const oneByOne = await rows()
      await chatsProjection.reset(test.db)
      await chatsProjection.apply(test.db, history)
      const batched = await rows()

      expect(batched).toEqual(oneByOne)
      expect(batched).toHaveLength(1103)
      const find = (session: string, jid: string) => batched.find((r) => r.session_id === session && r.jid === jid)
      expect(find('s1', 'a@s.whatsapp.net')).toMatchObject({ name: 'Ana', notify: 'name of a@s.whatsapp.net', profile_pic: null, last_message: { content: 'later' } })
      expect(find('s2', 'a@s.whatsapp.net')).toMatchObject({ name: null, last_message: { content: 'other session' } })
      expect(find('s1', 'g@g.us')).toMatchObject({ is_group: true, name: 'Team', notify: null, last_message: { content: 'hello team' } })
      expect(find('s1', 'status@broadcast')).toBeUndefined()
    })
  })
}
