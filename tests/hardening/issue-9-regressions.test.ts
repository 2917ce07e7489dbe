import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decideCreate } from '../../src/domain/scheduler/schedule-decide.ts'
import { initialScheduleState } from '../../src/domain/scheduler/schedule-state.ts'
import pg from 'pg'
import { eventually } from '../support/eventually.ts'
import { createTestDatabase, DATABASE_URL } from '../support/postgres.ts'
import { startScriptedWorld, type ScriptedWorld } from '../webhooks/scripted-world.ts'

const FAR = '+275760-09-13T00:00:00Z'
const JID = '6281234567890@s.whatsapp.net'

describe('issue 9 regressions: a schedule out of range, a record that fails after a send', () => {
  let world: ScriptedWorld
  let admin: { apiKey: string }
  let sessionId: string
  let connection: Awaited<ReturnType<ScriptedWorld['session']>>['connection']
  const schedules = async () => (await world.gw.request('GET', `/api/scheduler?sessionId=${sessionId}`, { key: world.key })).body as Array<Record<string, any>>

  beforeAll(async () => {
    world = await startScriptedWorld()
    admin = await world.user('SUPERADMIN')
    ;({ sessionId, connection } = await world.session())
  })
  afterAll(() => world?.close())

  it('refuses a sendAt past the year 9999 in the decision itself', () => {
    const data = { id: 's1', sessionId: 'x', userId: 'u', jid: JID, content: 'c', mediaUrl: null, mediaType: null, sendAt: new Date(FAR).toISOString(), requested: { sendAt: FAR, timeZone: 'UTC' } }
    expect(() => decideCreate(initialScheduleState, data)).toThrow(/out of range/)
    expect(decideCreate(initialScheduleState, { ...data, sendAt: '2099-01-01T00:00:00.000Z' })).toHaveLength(1)
  })

  it('answers 400 to such a sendAt, and one recorded before the fix neither stalls the read model nor later schedules', async () => {
    const refused = await world.gw.request('POST', '/api/scheduler', { key: world.key, body: { sessionId, jid: JID, content: 'never', sendAt: FAR } })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatch(/sendAt/)
    // As an older gateway recorded it.
    const id = `old${randomUUID().slice(0, 8)}`
    const { body: me } = await world.gw.request('GET', '/api/sessions/' + sessionId, { key: world.key })
    await world.gw.gateway.store.append(`schedule-${id}`, [
      { type: 'schedule.created', data: { id, sessionId, userId: me.userId, jid: JID, content: 'from the past', mediaUrl: null, mediaType: null, sendAt: new Date(FAR).toISOString(), requested: { sendAt: FAR, timeZone: 'UTC' } } },
    ])
    const later = await world.gw.request('POST', '/api/scheduler', { key: world.key, body: { sessionId, jid: JID, content: 'later', sendAt: '2099-01-01T00:00:00Z' } })
    expect(later.status).toBe(200)
    const listed = await eventually(async () => {
      const all = await schedules()
      expect(all.map((s) => s.id)).toEqual(expect.arrayContaining([id, later.body.id]))
      return all
    })
    expect(listed.find((s) => s.id === id)).toMatchObject({ status: 'FAILED' })
    expect(listed.find((s) => s.id === later.body.id)).toMatchObject({ status: 'PENDING' })
    const parked = (await world.gw.request('GET', '/api/admin/parked-events?consumer=schedules', { key: admin.apiKey })).body
    expect(parked).toEqual([])
  })

  it('answers sent when the record of a send fails for good, parks it, and an idempotent retry sends nothing twice', async () => {
    const actor = world.gw.gateway.registry.get(sessionId)!
    const before = connection.sent.length
    const key = `k-${randomUUID()}`
    const cause = { actor: { kind: 'system' as const, id: 'test' } }
    // The scripted driver records the text as given (the Baileys driver would have made it storable): the store refuses it.
    const request = { jid: JID, content: { kind: 'text' as const, text: 'sent\u0000anyway' }, idempotencyKey: key }
    const outcome = await actor.send(request, cause)
    expect(outcome).toMatchObject({ keyId: expect.any(String), remoteJid: JID, position: null })
    expect(connection.sent.length).toBe(before + 1)
    const again = await actor.send(request, cause)
    expect(again).toEqual(outcome)
    expect(connection.sent.length).toBe(before + 1)
    const parked = (await world.gw.request('GET', '/api/admin/parked-events?consumer=whatsapp-recorder', { key: admin.apiKey })).body as Array<Record<string, any>>
    const entry = parked.find((p) => p.eventType === 'message.sent')
    expect(entry).toMatchObject({ sessionId, streamId: `messages-${sessionId}`, position: null })
    // The session keeps sending and recording.
    const next = await world.gw.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: JID, message: { text: 'next one' } } })
    expect(next.status).toBe(200)
    await eventually(async () => {
      const chat = (await world.gw.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(JID)}`, { key: world.key })).body as Array<{ keyId: string }>
      expect(chat.map((m) => m.keyId)).toContain(next.body.messageId)
    })
    // And the operator's retry records the parked one, storable.
    expect((await world.gw.request('POST', `/api/admin/parked-events/${entry!.id}/retry`, { key: admin.apiKey })).body).toMatchObject({ outcome: 'resolved' })
    await eventually(async () => {
      const chat = (await world.gw.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(JID)}`, { key: world.key })).body as Array<{ keyId: string; content: string }>
      expect(chat.find((m) => m.keyId === outcome.keyId)?.content).toBe('sent\uFFFDanyway')
    })
  })

  it('shuts the sessions down while a send hangs: shutdown is bounded', async () => {
    connection.sendDelayMs = 60_000 // a send that never comes back in time
    const actor = world.gw.gateway.registry.get(sessionId)!
    const stuck = actor.send({ jid: JID, content: { kind: 'text', text: 'slow' } }, { actor: { kind: 'system', id: 'test' } }).catch((error: unknown) => error)
    await eventually(() => expect(connection.sent.at(-1)?.content).toMatchObject({ text: 'slow' }))
    await world.gw.gateway.registry.shutdown(200)
    expect(world.gw.gateway.registry.get(sessionId)).toBeUndefined()
    void stuck
  })
})

describe.skipIf(!DATABASE_URL)('shutdown is bounded whatever a session is doing (Postgres)', () => {
  it('shuts the sessions down while their appends hang on a locked event store', async () => {
    const database = await createTestDatabase()
    const world = await startScriptedWorld({ databaseUrl: database.url })
    const locker = new pg.Client({ connectionString: database.url })
    try {
      const { sessionId, connection } = await world.session()
      await locker.connect()
      await locker.query('BEGIN')
      await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE')
      world.receive(connection, 3, 'STUCK') // their append waits for the lock
      await world.gw.gateway.registry.shutdown()
      expect(world.gw.gateway.registry.get(sessionId)).toBeUndefined()
      expect(world.gw.logs()).toContain('shutdown: writes still in flight after the deadline')
    } finally {
      await locker.query('ROLLBACK').catch(() => {})
      await locker.end().catch(() => {})
      await world.close()
      await database.drop()
    }
  }, 60_000)
})
