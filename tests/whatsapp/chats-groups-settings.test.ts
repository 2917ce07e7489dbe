import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'

describe('chats, groups and the settings that change what a session does', () => {
  let world: WhatsAppWorld
  let sessionId: string
  let phone: { pn: string; jid: string }
  beforeAll(async () => {
    world = await startWhatsAppWorld()
    ;({ sessionId, phone } = await pairNewSession(world, 'Chats'))
  })
  afterAll(() => world?.close())

  const chats = async () => (await world.gateway.request('GET', `/api/chat/${sessionId}`, { key: world.key })).body as Array<Record<string, any>>
  const settings = (config: Record<string, unknown>) => world.gateway.request('PATCH', `/api/sessions/${sessionId}/settings`, { key: world.key, body: { config } })

  it('lists contacts and chats with name, notify, profilePic and lastMessage, newest conversation first', async () => {
    const adit = world.sandbox.api.createContact({ name: 'Adit' })
    const budi = world.sandbox.api.createContact({ name: 'Budi' })
    await world.sandbox.api.sendMessage({ from: adit.pn, to: phone.pn, text: 'first' })
    await eventually(async () => expect((await chats()).some((c) => c.jid === adit.jid && c.lastMessage?.content === 'first')).toBe(true))
    await world.sandbox.api.sendMessage({ from: budi.pn, to: phone.pn, text: 'second' })
    await eventually(async () => expect((await chats()).some((c) => c.jid === budi.jid && c.lastMessage?.content === 'second')).toBe(true))
    await world.sandbox.api.sendMessage({ from: adit.pn, to: phone.pn, text: 'third' })
    const list = await eventually(async () => {
      const current = await chats()
      expect(current.find((c) => c.jid === adit.jid)?.lastMessage?.content).toBe('third')
      return current
    })
    const [top] = list.filter((c) => c.jid === adit.jid || c.jid === budi.jid)
    expect(top!.jid).toBe(adit.jid)
    expect(top).toMatchObject({ notify: 'Adit', profilePic: null, lastMessage: { content: 'third', type: 'TEXT', timestamp: expect.any(String) } })
    for (const field of ['jid', 'name', 'notify', 'profilePic', 'lastMessage']) expect(top).toHaveProperty(field)
  })

  it('shows the ppGuard fallback picture for contacts without one, only when ppGuard is on', async () => {
    const fallback = 'https://example.com/default-avatar.jpg'
    expect((await settings({ ppGuardEnabled: true, ppGuardFallbackUrl: fallback })).status).toBe(200)
    const people = (await chats()).filter((c) => !c.isGroup)
    expect(people.length).toBeGreaterThan(0)
    for (const person of people) expect(person.profilePic).toBe(fallback)
    await settings({ ppGuardEnabled: false })
    for (const person of (await chats()).filter((c) => !c.isGroup)) expect(person.profilePic).toBeNull()
  })

  it('keeps messages pages stable with limit and before', async () => {
    const carol = world.sandbox.api.createContact({ name: 'Carol' })
    for (let n = 1; n <= 7; n++) await world.sandbox.api.sendMessage({ from: carol.pn, to: phone.pn, text: `m${n}` })
    const page = async (query: string) =>
      ((await world.gateway.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(carol.jid)}${query}`, { key: world.key })).body as Array<{ id: string; content: string }>)
    await eventually(async () => expect(await page('?limit=100')).toHaveLength(7))
    const newest = await page('?limit=3')
    expect(newest.map((m) => m.content)).toEqual(['m5', 'm6', 'm7'])
    const older = await page(`?limit=3&before=${newest[0]!.id}`)
    expect(older.map((m) => m.content)).toEqual(['m2', 'm3', 'm4'])
    expect((await page(`?limit=3&before=${older[0]!.id}`)).map((m) => m.content)).toEqual(['m1'])
    expect((await world.gateway.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(carol.jid)}?limit=0`, { key: world.key })).status).toBe(400)
  })

  it('keeps a message deleted for everyone only with antiDelete on (marked as revoked)', async () => {
    const dani = world.sandbox.api.createContact({ name: 'Dani' })
    const messages = async () =>
      (await world.gateway.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(dani.jid)}`, { key: world.key })).body as Array<{ keyId: string; revoked: boolean }>
    const original = await world.sandbox.api.sendMessage({ from: dani.pn, to: phone.pn, text: 'oops' })
    await eventually(async () => expect((await messages()).map((m) => m.keyId)).toContain(original.id))
    await world.sandbox.api.sendMessage({ from: dani.pn, to: phone.pn, message: { protocolMessage: { type: 0, key: { remoteJid: phone.jid, fromMe: true, id: original.id } } } })
    await eventually(async () => expect((await messages()).map((m) => m.keyId)).not.toContain(original.id))
    await settings({ antiDelete: true })
    expect((await messages()).find((m) => m.keyId === original.id)).toMatchObject({ revoked: true })
    await settings({ antiDelete: false })
  })

  it('sends read receipts only with readReceipts on, and never in ghost mode', async () => {
    const eve = world.sandbox.api.createContact({ name: 'Eve' })
    const readBy = async (text: string) => {
      const sent = await world.sandbox.api.sendMessage({ from: eve.pn, to: phone.pn, text })
      await eventually(async () => {
        const chat = (await world.gateway.request('GET', `/api/chat/${sessionId}/${encodeURIComponent(eve.jid)}`, { key: world.key })).body as Array<{ keyId: string }>
        expect(chat.map((m) => m.keyId)).toContain(sent.id)
      })
      await new Promise((resolve) => setTimeout(resolve, 400))
      const [record] = world.sandbox.api.listReceived({ id: sent.id })
      return Object.values(record?.devices ?? {}).includes('read')
    }
    expect(await readBy('not read')).toBe(false)
    await settings({ readReceipts: true })
    expect(await readBy('read please')).toBe(true)
    await settings({ ghostMode: true })
    expect(await readBy('ghost')).toBe(false)
    await settings({ readReceipts: false, ghostMode: false })
  })

  it('creates a group with the seed\'s rules, lists it in GET /api/groups, and records changes as group.update', async () => {
    const members = [world.sandbox.api.createContact({ name: 'G1' }), world.sandbox.api.createContact({ name: 'G2' })]
    const created = await world.gateway.request('POST', '/api/groups/create', {
      key: world.key,
      body: { sessionId, subject: 'New Group Name', participants: members.map((m) => m.jid) },
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ success: true, group: { id: expect.stringMatching(/@g\.us$/), subject: 'New Group Name' } })
    expect(world.sandbox.api.listGroups().map((g) => g.jid)).toContain(created.body.group.id)
    const group = await eventually(async () => {
      const groups = (await world.gateway.request('GET', '/api/groups', { key: world.key })).body as Array<Record<string, any>>
      const found = groups.find((g) => g.jid === created.body.group.id)
      expect(found).toBeDefined()
      return found!
    })
    for (const field of ['id', 'sessionId', 'jid', 'subject', 'description', 'ownerJid', 'participants', 'creation', 'restrict', 'announce', 'inviteCode']) {
      expect(group).toHaveProperty(field)
    }
    expect(group.subject).toBe('New Group Name')
    expect(group.participants.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(members.map((m) => m.jid)))
    expect((await world.gateway.request('GET', `/api/groups?sessionId=${sessionId}`, { key: world.key })).body).toEqual(
      (await world.gateway.request('GET', '/api/groups', { key: world.key })).body,
    )
    const updates = (await world.gateway.gateway.store.readStream(`messages-${sessionId}`)).filter((e) => e.type === 'group.update')
    expect(updates.length).toBeGreaterThan(0)

    const bad = async (body: unknown) => (await world.gateway.request('POST', '/api/groups/create', { key: world.key, body })).body.error as string
    expect(await bad({ subject: 'x', participants: [members[0]!.jid] })).toMatch(/sessionId is required/)
    expect(await bad({ sessionId: '', subject: 'x', participants: [members[0]!.jid] })).toMatch(/sessionId/)
    expect(await bad({ sessionId, subject: '', participants: [members[0]!.jid] })).toMatch(/subject: must have 1 to 100 characters/)
    expect(await bad({ sessionId, subject: 'x'.repeat(101), participants: [members[0]!.jid] })).toMatch(/subject/)
    expect(await bad({ sessionId, subject: 'x', participants: [] })).toMatch(/participants: needs at least one participant/)
    expect(await bad({ sessionId, subject: 'x', participants: ['123@g.us'] })).toMatch(/@s\.whatsapp\.net/)
  })
})
