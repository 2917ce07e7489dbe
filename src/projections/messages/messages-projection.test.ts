import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { messagesProjection } from './messages-projection.ts'
import type { MessagesTables } from './tables.ts'

let position = 0n
const event = (type: string, data: object): StoredEvent => ({
  id: `e${++position}`,
  type,
  streamId: 'messages-s1',
  revision: Number(position),
  position,
  occurredAt: new Date(1_700_000_000_000 + Number(position) * 1000),
  data,
  metadata: {},
})
const jid = '628111@s.whatsapp.net'
const sent = (keyId: string, status: string) =>
  event('message.sent', { keyId, remoteJid: jid, fromMe: true, senderJid: null, pushName: null, timestamp: 1_700_000_000, type: 'TEXT', text: `text ${keyId}`, content: { conversation: `text ${keyId}`, nested: [1, { a: 'b' }] }, quotedKeyId: null, media: null, status, origin: 'gateway' })
const receipt = (keyId: string, status: string) => event('message.status', { keyId, remoteJid: jid, status })
const react = (keyId: string, reaction: string) => event('message.reaction', { keyId, remoteJid: jid, reaction, fromMe: false, senderJid: null, timestamp: 1 })

// Every kind of event, several about the same message, some before the message itself.
const history: StoredEvent[] = [
  receipt('K1', 'DELIVERED'),
  sent('K1', 'PENDING'),
  react('K1', '👍'),
  sent('K2', 'PENDING'),
  receipt('K2', 'SENT'),
  receipt('K1', 'READ'),
  react('K1', '❤️'),
  event('message.revoked', { keyId: 'K2', remoteJid: jid, fromMe: true, revokedBy: null }),
  receipt('K3', 'READ'),
  ...Array.from({ length: 1200 }, (_, i) => sent(`B${i}`, 'SENT')),
]

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`messages projection on ${kind}`, () => {
    let test: TestDatabase<MessagesTables>
    beforeAll(async () => {
      test = await openTestDatabase<MessagesTables>(kind)
    })
    afterAll(() => test?.close())
    beforeEach(() => messagesProjection.reset(test.db))
    const rows = () => test.db.selectFrom('messages').selectAll().orderBy('id').execute()

    it('lands a batch exactly as it lands event by event, in statements of bounded size', async () => {
      for (const e of history) await messagesProjection.apply(test.db, [e])
      const oneByOne = await rows()
      await messagesProjection.reset(test.db)
      await messagesProjection.apply(test.db, history)
      const batched = await rows()

      expect(batched).toEqual(oneByOne)
      expect(batched).toHaveLength(1203)
      const byKey = new Map(batched.map((r) => [r.key_id, r]))
      expect(byKey.get('K1')).toMatchObject({ status: 'READ', complete: true, reactions: { [jid]: '❤️' }, raw: { conversation: 'text K1', nested: [1, { a: 'b' }] } })
      expect(byKey.get('K2')?.revoked_at).toBeInstanceOf(Date)
      expect(byKey.get('K3')).toMatchObject({ status: 'READ', complete: false })
      expect(typeof byKey.get('B0')?.position).toBe('bigint')
    })

    it('carries on from rows written by earlier batches', async () => {
      await messagesProjection.apply(test.db, [sent('K9', 'PENDING')])
      await messagesProjection.apply(test.db, [receipt('K9', 'SENT'), react('K9', '🙏'), receipt('K9', 'DELIVERED')])
      expect(await rows()).toMatchObject([{ key_id: 'K9', status: 'DELIVERED', reactions: { [jid]: '🙏' } }])
    })
  })
}
