import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRule, repliesOf, setAutoReply, textFrom } from '../autoreplies/support.ts'
import { eventually } from '../support/eventually.ts'
import { startScriptedWorld, type ScriptedWorld } from '../webhooks/scripted-world.ts'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Reactors (scheduler, broadcasts, auto-replies) work from read models: one item that fails for good
 * (here a trigger refuses its writes) is parked and skipped, the others go out, and an operator's retry
 * hands it back once the cause is gone, without a second WhatsApp message where one went out.
 */
describe('a reactor parks the item it cannot handle, goes on with the others, and takes it back on retry', () => {
  let world: ScriptedWorld
  let admin: { apiKey: string }
  let sessionId: string
  let connection: Awaited<ReturnType<ScriptedWorld['session']>>['connection']
  const db = () => world.gw.gateway.db as any
  const parked = async (consumer: string) =>
    (await world.gw.request('GET', `/api/admin/parked-events?consumer=${consumer}`, { key: admin.apiKey })).body as Array<Record<string, any>>
  const retry = async (id: string) => (await world.gw.request('POST', `/api/admin/parked-events/${id}/retry`, { key: admin.apiKey })).body

  /** Refuses writes to `table` for which `condition` (on NEW) holds: a permanent error for that one item. */
  async function refuse(name: string, table: string, condition: string, on = 'INSERT OR UPDATE') {
    await sql
      .raw(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF ${condition} THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`)
      .execute(db())
    await sql.raw(`CREATE TRIGGER ${name} BEFORE ${on} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`).execute(db())
    return async () => {
      await sql.raw(`DROP TRIGGER ${name} ON ${table}`).execute(db())
      await sql.raw(`DROP FUNCTION ${name}()`).execute(db())
    }
  }

  beforeAll(async () => {
    world = await startScriptedWorld()
    admin = await world.user('SUPERADMIN')
    ;({ sessionId, connection } = await world.session())
  })
  afterAll(() => world?.close())

  it('scheduler: the poisoned schedule is parked, the next one is sent, a retry sends it', async () => {
    const create = async (content: string) =>
      (await world.gw.request('POST', '/api/scheduler', { key: world.key, body: { sessionId, jid: '6281000000001@s.whatsapp.net', content, sendAt: iso(Date.now() + 800) } })).body.id as string
    // Before the schedule exists (so it cannot go out first): every event after the creation of the schedule whose content is 'poisoned'.
    const lift = await refuse(
      'poison_schedule',
      'events',
      `NEW.type <> 'schedule.created' AND EXISTS (SELECT 1 FROM events c WHERE c.stream_id = NEW.stream_id AND c.type = 'schedule.created' AND c.data->>'content' = 'poisoned')`,
    )
    const poisonId = await create('poisoned')
    const fineId = await create('fine')
    const status = async (id: string) =>
      ((await world.gw.request('GET', `/api/scheduler?sessionId=${sessionId}`, { key: world.key })).body as Array<{ id: string; status: string }>).find((s) => s.id === id)?.status
    await eventually(async () => expect(await status(fineId)).toBe('SENT'), { timeoutMs: 15_000 })
    const [entry] = await eventually(async () => {
      const list = await parked('schedule-dispatcher')
      expect(list).toHaveLength(1)
      return list
    })
    expect(entry).toMatchObject({ streamId: `schedule-${poisonId}`, error: expect.stringContaining('refused for the test') })
    expect(await status(poisonId)).toBe('PENDING')
    await lift()
    expect(await retry(entry!.id)).toMatchObject({ outcome: 'resolved' })
    await eventually(async () => expect(await status(poisonId)).toBe('SENT'), { timeoutMs: 15_000 })
  })

  it('auto-replies: a reply that cannot be settled does not hold the later ones; a retry settles it without a second message', async () => {
    await setAutoReply(world.gw, world.key, sessionId, true)
    await createRule(world.gw, world.key, { sessionId, keyword: 'price', response: 'ten', matchType: 'CONTAINS' })
    const first = { id: crypto.randomUUID(), type: 'message.received', data: textFrom('6281000000002@s.whatsapp.net', 'price?') }
    // Decided (inserted) fine, but its outcome cannot be settled (updated).
    const lift = await refuse('poison_reply', 'autoreply_replies', `NEW.event_id = '${first.id}'`, 'UPDATE')
    const second = { id: crypto.randomUUID(), type: 'message.received', data: textFrom('6281000000003@s.whatsapp.net', 'price please') }
    connection.emit({ type: 'traffic', events: [first] })
    connection.emit({ type: 'traffic', events: [second] })
    // The second is sent and settled; the first was sent too, but cannot be settled: parked.
    await eventually(async () => expect((await repliesOf(world.gw, sessionId)).find((r) => r.event_id === second.id)?.status).toBe('SENT'), { timeoutMs: 15_000 })
    const [entry] = await eventually(async () => {
      const list = (await parked('autoreply-sender')).filter((p) => p.eventId === first.id)
      expect(list).toHaveLength(1)
      return list
    })
    await lift()
    expect(await retry(entry!.id)).toMatchObject({ outcome: 'resolved' })
    await eventually(async () => expect((await repliesOf(world.gw, sessionId)).find((r) => r.event_id === first.id)?.status).toBe('SENT'), { timeoutMs: 15_000 })
    expect(connection.sent.filter((m) => m.jid === '6281000000002@s.whatsapp.net')).toHaveLength(1)
  })

  it('broadcasts: one that cannot record its progress is parked, the others run', async () => {
    const start = async (message: string) =>
      (await world.gw.request('POST', '/api/messages/broadcast', { key: world.key, body: { sessionId, recipients: ['6281000000004@s.whatsapp.net'], message, delay: 0 } })).body
    // Before the broadcast exists: every event after the start of the broadcast whose message is 'poisoned broadcast'.
    const lift = await refuse(
      'poison_broadcast',
      'events',
      `NEW.type <> 'broadcast.started' AND EXISTS (SELECT 1 FROM events s WHERE s.stream_id = NEW.stream_id AND s.type = 'broadcast.started' AND s.data->>'message' = 'poisoned broadcast')`,
    )
    const poison = await start('poisoned broadcast')
    const id = poison.id ?? poison.broadcastId
    expect(id).toEqual(expect.any(String))
    const fine = await start('fine broadcast')
    const fineId = fine.id ?? fine.broadcastId
    const statusOf = async (b: string) => (await world.gw.request('GET', `/api/messages/broadcast/${b}`, { key: world.key })).body.status
    await eventually(async () => expect(await statusOf(fineId)).toBe('COMPLETED'), { timeoutMs: 15_000 })
    const [entry] = await eventually(async () => {
      const list = await parked('broadcast-runner')
      expect(list).toHaveLength(1)
      return list
    })
    expect(entry).toMatchObject({ streamId: `broadcast-${id}` })
    await lift()
    expect(await retry(entry!.id)).toMatchObject({ outcome: 'resolved' })
    await eventually(async () => expect(await statusOf(id)).toBe('COMPLETED'), { timeoutMs: 15_000 })
  })
})
