import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseTargets, openTestDatabase, type TestDatabase } from '../../../tests/support/databases.ts'
import { PostgresEventStore } from '../../infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../../infra/logger.ts'
import type { RegexEngine } from '../../domain/ports/regex-engine.ts'
import { DEFAULT_SESSION_CONFIG } from '../../domain/session/session-config.ts'
import { ProjectionRunner } from '../../consumers/projection-runner.ts'
import { AUTOREPLIES_PROJECTION, autoRepliesProjection } from './autoreplies-projection.ts'
import { expireReplies } from './expire-replies.ts'
import { pruneReplies } from './prune-replies.ts'
import type { EventStoreTables } from '../../infra/event-store/postgres/tables.ts'
import type { CheckpointTables } from '../../consumers/checkpoints/tables.ts'
import type { AutoRepliesTables } from './tables.ts'

type Tables = AutoRepliesTables & EventStoreTables & CheckpointTables

const regex: RegexEngine = {
  check: async () => null,
  firstMatch: async (patterns, text) => {
    const index = patterns.findIndex((p) => new RegExp(p, 'i').test(text))
    return { index: index === -1 ? null : index, timedOut: false }
  },
  close: async () => {},
}

for (const { kind, available } of databaseTargets) {
  describe.skipIf(!available)(`auto-replies projection on ${kind}`, () => {
    let test: TestDatabase<Tables>
    let store: PostgresEventStore
    let runner: ProjectionRunner
    beforeAll(async () => {
      test = await openTestDatabase<Tables>(kind)
      store = new PostgresEventStore(test.db)
      const projection = autoRepliesProjection({ regex, policy: { cooldownMs: 60_000, maxAgeMs: 300_000 }, logger: silentLogger, now: () => new Date() })
      runner = new ProjectionRunner({ db: test.db, store, logger: silentLogger, projections: [projection] })
      await runner.start()
    })
    afterAll(async () => {
      await runner?.stop()
      await test?.close()
    })

    const session = `s${randomUUID().slice(0, 8)}`
    let chats = 0
    const message = (text: string) => ({
      type: 'message.received',
      data: { keyId: randomUUID(), remoteJid: `62811${String(++chats).padStart(8, '0')}@s.whatsapp.net`, fromMe: false, senderJid: null, timestamp: Math.floor(Date.now() / 1000), type: 'TEXT', text },
    })
    const rule = (id: string, keyword: string) => ({ type: 'autoreply.created', data: { id, sessionId: session, userId: 'u1', keyword, response: `re: ${keyword}`, matchType: 'CONTAINS' } })
    const settle = async (position: bigint) => expect(await runner.waitFor(AUTOREPLIES_PROJECTION, position, 10_000)).toBe(true)
    const replies = () => test.db.selectFrom('autoreply_replies').select(['rule_id', 'response', 'status']).where('session_id', '=', session).orderBy('position').execute()

    it('decides with the rules and the switch in force at each message’s place in the log', async () => {
      await store.append(`session-${session}`, [{ type: 'session.created', data: { id: `c-${session}`, sessionId: session, userId: 'u1', name: 'P', config: DEFAULT_SESSION_CONFIG } }])
      await store.append(`autoreply-${session}-1`, [rule(`${session}-1`, 'hello')])
      await store.append(`messages-${session}`, [message('hello, switched off')])
      await store.append(`session-${session}`, [{ type: 'session.settings.updated', data: { config: { ...DEFAULT_SESSION_CONFIG, autoReplyEnabled: true }, changed: ['autoReplyEnabled'] } }])
      await store.append(`messages-${session}`, [message('hello, switched on')])
      await store.append(`autoreply-${session}-0`, [rule(`${session}-0`, 'hello, switched')]) // created later: tried later
      await store.append(`messages-${session}`, [message('hello, switched on again')])
      await store.append(`autoreply-${session}-1`, [{ type: 'autoreply.deleted', data: { id: `${session}-1`, sessionId: session } }])
      const last = await store.append(`messages-${session}`, [message('hello, switched on once more')])
      await settle(last.position)
      expect(await replies()).toEqual([
        { rule_id: `${session}-1`, response: 're: hello', status: 'PENDING' },
        { rule_id: `${session}-1`, response: 're: hello', status: 'PENDING' },
        { rule_id: `${session}-0`, response: 're: hello, switched', status: 'PENDING' },
      ])
    })

    it('decides nothing twice when the read model is rebuilt from the start of the log', async () => {
      const before = await test.db.selectFrom('autoreply_replies').selectAll().where('session_id', '=', session).orderBy('position').execute()
      await test.db.updateTable('autoreply_replies').set({ status: 'SENT', message_id: 'M1' }).where('session_id', '=', session).execute()
      await runner.rebuild(AUTOREPLIES_PROJECTION)
      await settle(await store.headPosition())
      const after = await test.db.selectFrom('autoreply_replies').selectAll().where('session_id', '=', session).orderBy('position').execute()
      expect(after).toEqual(before.map((r) => ({ ...r, status: 'SENT', message_id: 'M1' })))
      expect(await test.db.selectFrom('autoreply_rules').select('id').where('session_id', '=', session).where('deleted_at', 'is', null).execute()).toEqual([{ id: `${session}-0` }])
    })

    it('expires pending replies whose message got too old, whether or not a node runs their session', async () => {
      await test.db.updateTable('autoreply_replies').set({ status: 'PENDING' }).where('session_id', '=', session).where('rule_id', '=', `${session}-0`).execute()
      const overdue = await test.db.selectFrom('autoreply_replies').select(['event_id', 'expires_at']).where('session_id', '=', session).where('status', '=', 'PENDING').executeTakeFirstOrThrow()
      expect(await expireReplies(test.db, new Date(overdue.expires_at.getTime() - 1))).toBe(0)
      expect(await expireReplies(test.db, overdue.expires_at)).toBe(1)
      expect(await test.db.selectFrom('autoreply_replies').select('status').where('event_id', '=', overdue.event_id).executeTakeFirst()).toEqual({ status: 'EXPIRED' })
    })

    it('prunes settled replies and cooldowns past the retention, never pending ones', async () => {
      const later = new Date(Date.now() + 60_000)
      await test.db.updateTable('autoreply_replies').set({ status: 'PENDING' }).where('session_id', '=', session).where('rule_id', '=', `${session}-0`).execute()
      await pruneReplies(test.db, later)
      expect(await replies()).toEqual([{ rule_id: `${session}-0`, response: 're: hello, switched', status: 'PENDING' }])
      expect(await test.db.selectFrom('autoreply_cooldowns').select('chat_jid').where('session_id', '=', session).execute()).toEqual([])
    })
  })
}
