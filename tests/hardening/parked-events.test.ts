import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../src/domain/ports/event-store.ts'
import { eventually } from '../support/eventually.ts'
import { NATS_URL } from '../support/nats.ts'
import { databaseTargets } from '../support/databases.ts'
import { startScriptedWorld, type ScriptedWorld } from '../webhooks/scripted-world.ts'

/**
 * Poison-event safety: every consumer parks the one event it cannot apply (here: a trigger makes its
 * read-model table refuse every write, a permanent error), goes on with the later events, and applies
 * the parked one on an operator's retry once the cause (the trigger) is gone.
 */
for (const target of databaseTargets) describe.skipIf(!target.available)(`a poison event is parked, the consumer goes on, and a retry applies it once fixed (${target.kind})`, () => {
  let world: ScriptedWorld
  let admin: { apiKey: string }
  let sessionId: string
  let connection: Awaited<ReturnType<ScriptedWorld['session']>>['connection']
  const db = () => world.gw.gateway.db as any
  const store = () => world.gw.gateway.store
  const eventsOfType = async (type: string) => (await store().readAll({ limit: 100_000 })).filter((e) => e.type === type)
  const parked = async (consumer: string) =>
    (await world.gw.request('GET', `/api/admin/parked-events?consumer=${consumer}&state=all`, { key: admin.apiKey })).body as Array<Record<string, any>>

  beforeAll(async () => {
    world = await startScriptedWorld({ database: target.kind })
    admin = await world.user('SUPERADMIN')
    ;({ sessionId, connection } = await world.session())
    await sql`CREATE FUNCTION poisoned() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'poisoned table % (a test)', TG_TABLE_NAME; END $$`.execute(db())
  })
  afterAll(() => world?.close())

  /** Makes `table` refuse every write (until `expectParked` lifts it), then appends one event it needs. */
  async function poison(table: string, act: () => Promise<StoredEvent>): Promise<StoredEvent> {
    await sql`CREATE TRIGGER poison BEFORE INSERT OR UPDATE ON ${sql.table(table)} FOR EACH ROW EXECUTE FUNCTION poisoned()`.execute(db())
    return act()
  }

  async function expectParked(consumer: string, table: string, event: StoredEvent) {
    const entry = await eventually(async () => {
      const found = (await parked(consumer)).find((p) => p.eventId === event.id)
      expect(found).toBeDefined()
      return found!
    })
    expect(entry).toMatchObject({ consumer, position: event.position.toString(), eventType: event.type, streamId: event.streamId, resolvedAt: null, attempts: 1 })
    expect(entry.error).toContain(`poisoned table ${table}`)
    await sql`DROP TRIGGER poison ON ${sql.table(table)}`.execute(db())
    return entry
  }

  /** Appends a copy of a real event (same stream, new id): what the consumer must apply again. */
  async function again(type: string, change: (data: any) => any = (d) => d): Promise<StoredEvent> {
    const original = (await eventsOfType(type)).at(-1)
    if (!original) throw new Error(`no ${type} event to copy`)
    const id = randomUUID()
    const { position } = await store().append(original.streamId, [{ id, type, data: change(structuredClone(original.data)), metadata: original.metadata }])
    return { ...original, id, position, data: change(structuredClone(original.data)) }
  }

  it('parks in every projection, lets the later events through, and resolves on retry', async () => {
    // Real events of every kind first, through the API and the driver.
    const hook = await world.gw.request('POST', '/api/webhooks', { key: world.key, body: { name: 'hook', url: 'http://127.0.0.1:9/hook', events: ['message.received'], sessionId } })
    expect(hook.status).toBeLessThan(300)
    expect((await world.gw.request('POST', '/api/autoreplies', { key: world.key, body: { sessionId, keyword: 'price', response: 'ten', matchType: 'EXACT' } })).status).toBeLessThan(300)
    expect((await world.gw.request('POST', '/api/scheduler', { key: world.key, body: { sessionId, jid: '6281234567@s.whatsapp.net', content: 'later', sendAt: '2099-01-01T00:00:00Z' } })).status).toBeLessThan(300)
    expect((await world.gw.request('POST', '/api/messages/broadcast', { key: world.key, body: { sessionId, recipients: ['6281234567@s.whatsapp.net'], message: 'hi all', delay: 3_600_000 } })).status).toBeLessThan(300)
    connection.emit({
      type: 'traffic',
      events: [
        { type: 'group.update', data: { jid: '120363000000000001@g.us', subject: 'Team' } },
        { type: 'identity.mapped', data: { lid: '123456789012345@lid', pn: '6289999999990@s.whatsapp.net' } },
        { type: 'contact.update', data: { jid: '6289999999990@s.whatsapp.net', name: 'Seed' } },
      ],
    })
    world.receive(connection, 1, 'SEED')
    await eventually(async () => expect(await eventsOfType('group.update')).toHaveLength(1))
    await eventually(async () => expect(await eventsOfType('message.received')).toHaveLength(1))
    const head = await store().headPosition()
    for (const name of world.gw.gateway.projections.names) expect(await world.gw.gateway.projections.waitFor(name, head, 10_000)).toBe(true)

    const cases: Array<{ consumer: string; table: string; event: () => Promise<StoredEvent> }> = [
      { consumer: 'sessions', table: 'sessions', event: () => again('session.created') },
      { consumer: 'users', table: 'users', event: () => again('user.registered') },
      { consumer: 'audit', table: 'audit_log', event: () => again('session.settings.updated').catch(() => again('connection.update')) },
      { consumer: 'messages', table: 'messages', event: () => again('message.received', (d) => ({ ...d, keyId: 'POISON1' })) },
      { consumer: 'chats', table: 'chats', event: () => again('message.received', (d) => ({ ...d, keyId: 'POISON2', remoteJid: '6289999999991@s.whatsapp.net' })) },
      { consumer: 'groups', table: 'groups', event: () => again('group.update', (d) => ({ ...d, subject: 'Renamed' })) },
      { consumer: 'contacts', table: 'contacts', event: () => again('contact.update', (d) => ({ ...d, name: 'Renamed' })) },
      { consumer: 'identities', table: 'contact_identities', event: () => again('identity.mapped', (d) => ({ ...d, lid: '123456789012346@lid' })) },
      { consumer: 'broadcasts', table: 'broadcasts', event: () => again('broadcast.started') },
      { consumer: 'schedules', table: 'schedules', event: () => again('schedule.created') },
      { consumer: 'webhooks', table: 'webhooks', event: () => again('webhook.created') },
      { consumer: 'autoreplies', table: 'autoreply_rules', event: () => again('autoreply.created') },
    ]
    expect(cases.map((c) => c.consumer).sort()).toEqual([...world.gw.gateway.projections.names].sort())

    const settle = async () => {
      const at = await store().headPosition()
      for (const name of world.gw.gateway.projections.names) expect(await world.gw.gateway.projections.waitFor(name, at, 20_000)).toBe(true)
    }
    for (const { consumer, table, event } of cases) {
      await settle() // so that only the poison event meets the poisoned table
      const poisonEvent = await poison(table, event)
      const entry = await expectParked(consumer, table, poisonEvent)
      // A later event flows on: the projection reaches it (the checkpoint moved past the poison one).
      const later = world.receive(connection, 1, `AFTER-${consumer}-`)[0]!
      const laterEvent = await eventually(async () => {
        const found = (await eventsOfType('message.received')).find((e) => (e.data as { keyId: string }).keyId === later)
        expect(found).toBeDefined()
        return found!
      })
      expect(await world.gw.gateway.projections.waitFor(consumer, laterEvent.position, 10_000)).toBe(true)
      // Every other projection applied the poison event (it is poison to one consumer only).
      for (const other of world.gw.gateway.projections.names) {
        if (other !== consumer) expect((await parked(other)).some((p) => p.eventId === poisonEvent.id), `${other} parked ${consumer}'s event`).toBe(false)
      }
      // The cause is gone (the trigger dropped): a retry applies it and resolves it.
      const retried = await world.gw.request('POST', `/api/admin/parked-events/${entry.id}/retry`, { key: admin.apiKey })
      expect(retried.status).toBe(200)
      expect(retried.body).toMatchObject({ id: entry.id, outcome: 'resolved', resolvedAt: expect.any(String) })
      // (The audit projection also parked the audit event of its own parking, written while its table refused everything.)
      for (const other of (await parked(consumer)).filter((p) => p.resolvedAt === null)) {
        expect((await world.gw.request('POST', `/api/admin/parked-events/${other.id}/retry`, { key: admin.apiKey })).body).toMatchObject({ outcome: 'resolved' })
      }
    }

    // The poison messages are in the read models now, and the audit log tells of every parking.
    const chat = await world.gw.request('GET', `/api/chat/${sessionId}/${encodeURIComponent('6289999999991@s.whatsapp.net')}`, { key: world.key })
    expect(chat.body.map((m: { keyId: string }) => m.keyId)).toContain('POISON2')
    const audit = await world.gw.request('GET', '/api/audit?type=event.parked&limit=100', { key: admin.apiKey })
    expect(audit.status).toBe(200)
    expect([...new Set(audit.body.map((e: { data: { consumer: string } }) => e.data.consumer))].sort()).toEqual(cases.map((c) => c.consumer).sort())
    const resolved = await world.gw.request('GET', '/api/audit?type=event.parked.resolved&limit=100', { key: admin.apiKey })
    expect(resolved.body.length).toBeGreaterThanOrEqual(cases.length)
  })

  it('parks WhatsApp traffic the store refuses (NUL), keeps the session sending, and records it on retry', async () => {
    const [poisonKey] = ['NUL00001']
    const data = (keyId: string, text: string, pushName = 'A') => ({ keyId, remoteJid: '6281111111111@s.whatsapp.net', fromMe: false, senderJid: null, pushName, timestamp: Math.floor(Date.now() / 1000), type: 'TEXT', text, content: { conversation: text }, quotedKeyId: null, media: null })
    // The scripted driver skips the Baileys driver's edge, where such text is made storable: the recorder must cope alone.
    connection.emit({ type: 'traffic', events: [{ type: 'message.received', data: data(poisonKey, 'hello\u0000world', 'A\u0000B') }, { type: 'message.received', data: data('FINE0001', 'fine') }] })
    const entry = await eventually(async () => {
      const found = (await parked('whatsapp-recorder')).find((p) => p.streamId === `messages-${sessionId}`)
      expect(found).toBeDefined()
      return found!
    })
    expect(entry).toMatchObject({ position: null, eventType: 'message.received', sessionId, resolvedAt: null })
    // The good message of the same batch is recorded, and the session still sends and records.
    await eventually(async () => expect((await eventsOfType('message.received')).some((e) => (e.data as { keyId: string }).keyId === 'FINE0001')).toBe(true))
    const send = await world.gw.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: '6281111111111@s.whatsapp.net', message: { text: 'still here' } } })
    expect(send.status).toBe(200)
    await eventually(async () => expect((await eventsOfType('message.sent')).some((e) => (e.data as { keyId: string }).keyId === send.body.messageId)).toBe(true))
    // A retry records it, made storable (U+FFFD where the NUL was).
    const retried = await world.gw.request('POST', `/api/admin/parked-events/${entry.id}/retry`, { key: admin.apiKey })
    expect(retried.body).toMatchObject({ outcome: 'resolved' })
    const recorded = (await eventsOfType('message.received')).find((e) => (e.data as { keyId: string }).keyId === poisonKey)!
    expect(recorded.data).toMatchObject({ text: 'hello\uFFFDworld', pushName: 'A\uFFFDB' })
  })

  it('answers 403 to anyone but a SUPERADMIN, 404 for an unknown id, 400 for a bad one', async () => {
    expect((await world.gw.request('GET', '/api/admin/parked-events', { key: world.key })).status).toBe(403)
    expect((await world.gw.request('POST', `/api/admin/parked-events/${randomUUID()}/retry`, { key: world.key })).status).toBe(403)
    expect((await world.gw.request('POST', `/api/admin/parked-events/${randomUUID()}/retry`, { key: admin.apiKey })).status).toBe(404)
    const bad = await world.gw.request('POST', '/api/admin/parked-events/nope/retry', { key: admin.apiKey })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toEqual(expect.any(String))
  })
})

describe.skipIf(!NATS_URL)('the event relay parks an event NATS refuses and goes on', () => {
  let world: ScriptedWorld
  afterAll(() => world?.close())

  it('parks an event larger than the bus takes; later events are announced', async () => {
    world = await startScriptedWorld({ env: { NATS_URL: NATS_URL! } })
    const admin = await world.user('SUPERADMIN')
    const heard: string[] = []
    world.gw.gateway.bus.onEvents((events) => heard.push(...events.map((e) => e.id)))
    const huge = randomUUID()
    await world.gw.gateway.store.append(`test-${huge}`, [{ id: huge, type: 'test.huge', data: { blob: 'x'.repeat(2 * 1024 * 1024) } }])
    const after = randomUUID()
    await world.gw.gateway.store.append(`test-${after}`, [{ id: after, type: 'test.after', data: {} }])
    await eventually(() => expect(heard).toContain(after), { timeoutMs: 15_000 })
    expect(heard).not.toContain(huge)
    const list = (await world.gw.request('GET', '/api/admin/parked-events?consumer=event-relay', { key: admin.apiKey })).body
    expect(list).toEqual([expect.objectContaining({ consumer: 'event-relay', eventId: huge, eventType: 'test.huge', resolvedAt: null })])
    // Its cause cannot be fixed here: a retry fails again, and says so.
    const retried = await world.gw.request('POST', `/api/admin/parked-events/${list[0].id}/retry`, { key: admin.apiKey })
    expect(retried.body).toMatchObject({ outcome: 'failed', attempts: 2, resolvedAt: null })
  })
})
