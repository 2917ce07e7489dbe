import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '../support/eventually.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'
import { startReceiver, type Receiver } from '../webhooks/receiver.ts'

interface Contact {
  pn: string
  jid: string
  lid: string
  lidJid: string
  name: string
}

/**
 * Group administration through real Baileys: each change reaches the sandbox as the w:g2 query
 * WhatsApp expects, the sandbox's group changes, the groups read model follows, and changes other
 * members make arrive as group.participants / group.update events.
 */
describe('group administration end to end', () => {
  let world: WhatsAppWorld
  let receiver: Receiver
  let sessionId: string
  let phone: { pn: string; jid: string }
  let members: Contact[]
  let group: { id: string; jid: string }
  const api = (method: string, path: string, body?: unknown) => world.gateway.request(method, path, { key: world.key, ...(body !== undefined ? { body } : {}) })
  const detail = async () => {
    const response = await api('GET', `/api/groups/${sessionId}/${group.jid}`)
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    return response.body as { participants: Array<{ jid: string; jidAlt: string | null; admin: string | null }>; admins: string[]; [key: string]: any }
  }
  const memberOf = async (jid: string) => (await detail()).participants.find((p) => p.jid === jid)
  const sandboxGroup = () => world.sandbox.api.getGroup(group.id)
  const events = async (type: string) => (await world.gateway.gateway.store.readStream(`messages-${sessionId}`)).filter((e) => e.type === type)

  beforeAll(async () => {
    receiver = await startReceiver()
    world = await startWhatsAppWorld({ gateway: { env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } } })
    ;({ sessionId, phone } = await pairNewSession(world, 'Group admin'))
    const hook = await api('POST', '/api/webhooks', { name: 'Groups', url: receiver.url, sessionId, events: ['group.participants', 'group.update'] })
    expect(hook.status, JSON.stringify(hook.body)).toBe(200)
    members = ['Adit', 'Budi', 'Citra'].map((name) => world.sandbox.api.createContact({ name }) as Contact)
    const created = world.sandbox.api.createGroup({ creator: phone.pn, subject: 'Admins', participants: [members[0]!.pn, members[1]!.pn] })
    group = { id: created.id, jid: created.jid }
    await eventually(async () => expect((await api('GET', `/api/groups/${sessionId}/${group.jid}`)).status).toBe(200))
  }, 60_000)
  afterAll(async () => {
    await world?.close()
    await receiver?.close()
  })

  it('shows a group: participants canonical with their LID, the admins', async () => {
    const shown = await detail()
    expect(shown).toMatchObject({ sessionId, jid: group.jid, subject: 'Admins', announce: false, restrict: false, size: 3 })
    expect(shown.participants).toEqual(
      expect.arrayContaining([
        { jid: phone.jid, jidAlt: expect.stringMatching(/@lid$/), admin: 'superadmin' },
        { jid: members[0]!.jid, jidAlt: members[0]!.lidJid, admin: null },
        { jid: members[1]!.jid, jidAlt: members[1]!.lidJid, admin: null },
      ]),
    )
    expect(shown.admins).toEqual([phone.jid])
    expect((await api('GET', `/api/groups/${sessionId}/120363000000000000@g.us`)).status).toBe(404)
  })

  it('adds, promotes, demotes and removes participants: the right w:g2 queries, a result per participant', async () => {
    const citra = members[2]!
    const since = world.sandbox.api.accountQueriesCursor()
    // Citra by her LID, Adit who is already a member.
    const added = await api('POST', '/api/groups/participants', { sessionId, groupJid: group.jid, action: 'add', participants: [citra.lidJid, members[0]!.jid] })
    expect(added.status, JSON.stringify(added.body)).toBe(200)
    expect(added.body.results).toEqual([
      { input: citra.lidJid, jid: citra.jid, jidAlt: citra.lidJid, status: '200', success: true },
      { input: members[0]!.jid, jid: members[0]!.jid, jidAlt: members[0]!.lidJid, status: '409', success: false },
    ])
    const query = world.sandbox.api.groupQueries({ phone: phone.pn, to: group.jid, op: 'add', since })
    expect(query).toHaveLength(1)
    // The session did not know Citra's number: WhatsApp gets her LID, the answer names her by number.
    expect(query[0]).toMatchObject({ type: 'set', participants: [citra.lidJid, members[0]!.jid], outcome: 'ok' })
    expect(sandboxGroup().participants.map((p) => p.pn)).toContain(citra.pn)
    await eventually(async () => expect(await memberOf(citra.jid)).toEqual({ jid: citra.jid, jidAlt: citra.lidJid, admin: null }))

    const promoted = await api('POST', '/api/groups/participants', { sessionId, groupJid: group.jid, action: 'promote', participants: [citra.jid] })
    expect(promoted.body.results).toEqual([expect.objectContaining({ jid: citra.jid, status: '200', success: true })])
    expect(world.sandbox.api.groupQueries({ to: group.jid, op: 'promote', since })).toHaveLength(1)
    expect(sandboxGroup().participants.find((p) => p.pn === citra.pn)?.admin).toBe('admin')
    await eventually(async () => expect((await detail()).admins).toEqual(expect.arrayContaining([phone.jid, citra.jid])))

    const demoted = await api('POST', '/api/groups/participants', { sessionId, groupJid: group.jid, action: 'demote', participants: [citra.jid] })
    expect(demoted.body.results[0]).toMatchObject({ status: '200', success: true })
    await eventually(async () => expect((await memberOf(citra.jid))?.admin).toBeNull())

    const removed = await api('POST', '/api/groups/participants', { sessionId, groupJid: group.jid, action: 'remove', participants: [citra.jid] })
    expect(removed.body.results[0]).toMatchObject({ status: '200', success: true })
    expect(world.sandbox.api.groupQueries({ to: group.jid, op: 'remove', since })[0]).toMatchObject({ participants: [citra.jid], results: [{ jid: citra.jid, status: '200' }] })
    expect(sandboxGroup().participants.map((p) => p.pn)).not.toContain(citra.pn)
    await eventually(async () => expect(await memberOf(citra.jid)).toBeUndefined())
    const recorded = (await events('group.participants')).map((e) => e.data as { action: string; participants: Array<{ jid: string }> })
    expect(recorded.map((d) => d.action)).toEqual(expect.arrayContaining(['add', 'promote', 'demote', 'remove']))
    expect(recorded.find((d) => d.action === 'add')!.participants).toEqual([{ jid: citra.jid, jidAlt: citra.lidJid }])
    await eventually(() =>
      expect(receiver.received.map((r) => r.body)).toContainEqual(
        expect.objectContaining({ event: 'group.participants', sessionId, data: expect.objectContaining({ jid: group.jid, action: 'remove', participants: [{ jid: citra.jid, jidAlt: citra.lidJid }] }) }),
      ),
    )
  })

  it('changes the subject, description and settings with the queries WhatsApp expects', async () => {
    const since = world.sandbox.api.accountQueriesCursor()
    const changed = await api('PATCH', `/api/groups/${sessionId}/${group.jid}`, { subject: 'Admins only', description: 'Rules: be kind', announce: true, restrict: true })
    expect(changed.status, JSON.stringify(changed.body)).toBe(200)
    const ops = world.sandbox.api.groupQueries({ to: group.jid, since }).filter((q) => q.type === 'set').map((q) => q.op)
    expect(ops).toEqual(['subject', 'description', 'announcement', 'locked'])
    expect(world.sandbox.api.groupQueries({ to: group.jid, op: 'subject', since })[0]!.text).toBe('Admins only')
    expect(world.sandbox.api.groupQueries({ to: group.jid, op: 'description', since })[0]!.text).toBe('Rules: be kind')
    expect(sandboxGroup()).toMatchObject({ subject: 'Admins only', announce: true, restrict: true })
    await eventually(async () => expect(await detail()).toMatchObject({ subject: 'Admins only', description: 'Rules: be kind', announce: true, restrict: true }))

    await api('PATCH', `/api/groups/${sessionId}/${group.jid}`, { announce: false, restrict: false })
    expect(world.sandbox.api.groupQueries({ to: group.jid, since }).map((q) => q.op)).toEqual(expect.arrayContaining(['not_announcement', 'unlocked']))
    await eventually(async () => expect(await detail()).toMatchObject({ announce: false, restrict: false }))
  })

  it('answers the invite code and link, revokes it, and joins by a link', async () => {
    const invite = await api('GET', `/api/groups/${sessionId}/${group.jid}/invite`)
    expect(invite.status, JSON.stringify(invite.body)).toBe(200)
    expect(invite.body).toEqual({ sessionId, groupJid: group.jid, code: sandboxGroup().inviteCode, link: `https://chat.whatsapp.com/${sandboxGroup().inviteCode}` })
    const revoked = await api('POST', `/api/groups/${sessionId}/${group.jid}/invite/revoke`)
    expect(revoked.status).toBe(200)
    expect(revoked.body.code).not.toBe(invite.body.code)
    expect(sandboxGroup().inviteCode).toBe(revoked.body.code)
    expect(world.sandbox.api.groupQueries({ to: group.jid, op: 'invite' }).map((q) => q.type)).toEqual(['get', 'set'])

    // Another group, made by a contact: the session joins by its link.
    const other = world.sandbox.api.createGroup({ creator: members[0]!.pn, subject: 'Open group', participants: [members[1]!.pn] })
    const joined = await api('POST', '/api/groups/join', { sessionId, inviteCode: `https://chat.whatsapp.com/${other.inviteCode}` })
    expect(joined.status, JSON.stringify(joined.body)).toBe(200)
    expect(joined.body).toEqual({ success: true, sessionId, groupJid: other.jid })
    expect(world.sandbox.api.groupQueries({ phone: phone.pn, to: '@g.us', op: 'invite' }).at(-1)).toMatchObject({ type: 'set', attrs: { code: other.inviteCode }, outcome: 'ok' })
    expect(world.sandbox.api.getGroup(other.id).participants.map((p) => p.pn)).toContain(phone.pn)
    await eventually(async () => {
      const shown = await api('GET', `/api/groups/${sessionId}/${other.jid}`)
      expect(shown.status).toBe(200)
      expect(shown.body).toMatchObject({ subject: 'Open group', size: 3 })
    })
    const unknown = await api('POST', '/api/groups/join', { sessionId, inviteCode: 'NoSuchCode123' })
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(404)
    // Not an admin of the joined group: WhatsApp refuses its link, the route says so.
    const notAdmin = await api('GET', `/api/groups/${sessionId}/${other.jid}/invite`)
    expect(notAdmin.status, JSON.stringify(notAdmin.body)).toBe(403)
    expect(notAdmin.body.error).toMatch(/not allowed/)
    // A member may rename a group that is not restricted, but not make it admins-only: the rename is kept.
    const partly = await api('PATCH', `/api/groups/${sessionId}/${other.jid}`, { subject: 'Renamed by a member', announce: true })
    expect(partly.status, JSON.stringify(partly.body)).toBe(403)
    expect(world.sandbox.api.getGroup(other.id)).toMatchObject({ subject: 'Renamed by a member', announce: false })
    await eventually(async () => expect((await api('GET', `/api/groups/${sessionId}/${other.jid}`)).body).toMatchObject({ subject: 'Renamed by a member', announce: false }))
  })

  it('records what other members change as group.participants and group.update', async () => {
    const adit = members[0]!
    world.sandbox.api.updateGroupParticipants({ group: group.id, actor: phone.pn, action: 'promote', participants: [adit.pn] })
    await eventually(async () => expect((await memberOf(adit.jid))?.admin).toBe('admin'))
    world.sandbox.api.updateGroupParticipants({ group: group.id, actor: adit.pn, action: 'add', participants: [members[2]!.pn] })
    await eventually(async () => expect(await memberOf(members[2]!.jid)).toBeDefined())
    const added = (await events('group.participants')).map((e) => e.data as Record<string, any>).filter((d) => d.action === 'add')
    expect(added.at(-1)).toMatchObject({ jid: group.jid, author: adit.jid, participants: [{ jid: members[2]!.jid }] })
    // Two changes at once: Baileys' event buffer keeps only the first; the driver reads the group again.
    world.sandbox.api.updateGroupInfo({ group: group.id, actor: adit.pn, subject: 'Renamed by Adit', announce: true })
    await eventually(async () => expect(await detail()).toMatchObject({ subject: 'Renamed by Adit', announce: true }))
  })

  it('leaves a group: it leaves the list', async () => {
    const since = world.sandbox.api.accountQueriesCursor()
    const left = await api('POST', '/api/groups/leave', { sessionId, groupJid: group.jid })
    expect(left.status, JSON.stringify(left.body)).toBe(200)
    expect(world.sandbox.api.groupQueries({ to: '@g.us', op: 'leave', since })).toHaveLength(1)
    expect(sandboxGroup().participants.map((p) => p.pn)).not.toContain(phone.pn)
    await eventually(async () => expect((await api('GET', `/api/groups/${sessionId}/${group.jid}`)).status).toBe(404))
    const listed = (await api('GET', `/api/groups?sessionId=${sessionId}`)).body as Array<{ jid: string }>
    expect(listed.map((g) => g.jid)).not.toContain(group.jid)
  })

  it('answers 400 for bad input on each route, naming the field', async () => {
    const bad = async (method: string, path: string, body?: unknown) => {
      const response = await api(method, path, body)
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400)
      return response.body.error as string
    }
    expect(await bad('GET', `/api/groups/${sessionId}/not-a-group`)).toMatch(/groupJid/)
    expect(await bad('POST', '/api/groups/participants', { sessionId, groupJid: group.jid, action: 'kick', participants: [members[0]!.jid] })).toMatch(/action/)
    expect(await bad('POST', '/api/groups/participants', { sessionId, groupJid: group.jid, action: 'add', participants: [] })).toMatch(/participants/)
    expect(await bad('POST', '/api/groups/participants', { sessionId, groupJid: group.jid, action: 'add', participants: ['0812'] })).toMatch(/participants/)
    expect(await bad('PATCH', `/api/groups/${sessionId}/${group.jid}`, {})).toMatch(/subject, description, announce or restrict/)
    expect(await bad('PATCH', `/api/groups/${sessionId}/${group.jid}`, { announce: 'yes' })).toMatch(/announce/)
    expect(await bad('PATCH', `/api/groups/${sessionId}/${group.jid}`, { subject: '' })).toMatch(/subject/)
    expect(await bad('GET', `/api/groups/${sessionId}/bad@g.us/invite`)).toMatch(/groupJid/)
    expect(await bad('POST', `/api/groups/${sessionId}/bad/invite/revoke`)).toMatch(/groupJid/)
    expect(await bad('POST', '/api/groups/join', { sessionId, inviteCode: 'https://example.com/abc' })).toMatch(/inviteCode/)
    expect(await bad('POST', '/api/groups/join', { sessionId })).toMatch(/inviteCode/)
    expect(await bad('POST', '/api/groups/leave', { sessionId, groupJid: members[0]!.jid })).toMatch(/groupJid/)
  })

  it('answers 503 when the session is not connected', async () => {
    const { body } = await api('POST', '/api/sessions', { name: 'Never linked' })
    const idle = body.sessionId as string
    const groupJid = group.jid
    for (const [method, path, payload] of [
      ['POST', '/api/groups/participants', { sessionId: idle, groupJid, action: 'add', participants: [members[0]!.jid] }],
      ['PATCH', `/api/groups/${idle}/${groupJid}`, { subject: 'x' }],
      ['GET', `/api/groups/${idle}/${groupJid}/invite`, undefined],
      ['POST', `/api/groups/${idle}/${groupJid}/invite/revoke`, undefined],
      ['POST', '/api/groups/join', { sessionId: idle, inviteCode: 'AbCdEfGhIjKl' }],
      ['POST', '/api/groups/leave', { sessionId: idle, groupJid }],
    ] as const) {
      const response = await api(method, path, payload)
      expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBe(503)
    }
  })
})
