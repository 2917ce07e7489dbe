import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

describe('audit log', () => {
  let gw: TestGateway
  let admin: { apiKey: string }
  let owner: { id: string; apiKey: string }
  let other: { id: string; apiKey: string }
  let staff: { id: string; apiKey: string }
  let ownSession: string
  let otherSession: string
  const create = async (role: string) => (await gw.request('POST', '/api/test/create-user', { body: { role } })).body
  const audit = async (key: string, query = '') => (await gw.request('GET', `/api/audit${query}`, { key })).body as Array<Record<string, any>>

  beforeAll(async () => {
    gw = await startTestGateway()
    admin = await create('SUPERADMIN')
    owner = await create('OWNER')
    other = await create('OWNER')
    staff = await create('STAFF')
    ownSession = (await gw.request('POST', '/api/sessions', { key: owner.apiKey, body: { name: 'Own' } })).body.sessionId
    otherSession = (await gw.request('POST', '/api/sessions', { key: other.apiKey, body: { name: 'Other' } })).body.sessionId
    await gw.request('PATCH', `/api/sessions/${ownSession}/settings`, { key: owner.apiKey, body: { config: { antiDelete: true } } })
    await gw.request('PATCH', `/api/admin/users/${staff.id}`, { key: admin.apiKey, body: { assignedSessionIds: [ownSession] } })
  })
  afterAll(() => gw?.close())

  it('shows who did what, newest first, with the seed-side filters', async () => {
    const entries = await audit(owner.apiKey, `?sessionId=${ownSession}`)
    expect(entries.map((e) => e.type)).toEqual(['session.settings.updated', 'connection.update', 'session.created'])
    expect(entries[0]).toMatchObject({ sessionId: ownSession, actor: { kind: 'api-key', id: owner.id }, data: { changed: ['antiDelete'] } })
    expect(await audit(owner.apiKey, `?sessionId=${ownSession}&type=session.created`)).toHaveLength(1)
    expect(await audit(owner.apiKey, '?limit=1')).toHaveLength(1)
    expect(await audit(owner.apiKey, `?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([])
    const [newest, second] = await audit(admin.apiKey, '?limit=2')
    expect((await audit(admin.apiKey, `?limit=1&before=${newest!.position}`))[0]!.id).toBe(second!.id)
  })

  it('scopes entries by role: owners and staff see their sessions and themselves only', async () => {
    const sessionsIn = (entries: Array<Record<string, any>>) => new Set(entries.map((e) => e.sessionId).filter(Boolean))
    expect(sessionsIn(await audit(owner.apiKey, '?limit=1000'))).toEqual(new Set([ownSession]))
    expect(sessionsIn(await audit(other.apiKey, '?limit=1000'))).toEqual(new Set([otherSession]))
    expect(sessionsIn(await audit(staff.apiKey, '?limit=1000'))).toEqual(new Set([ownSession]))
    expect(sessionsIn(await audit(admin.apiKey, '?limit=1000'))).toEqual(expect.objectContaining({}))
    expect([...sessionsIn(await audit(admin.apiKey, '?limit=1000'))]).toEqual(expect.arrayContaining([ownSession, otherSession]))
    const ownerUserEvents = (await audit(owner.apiKey, '?limit=1000')).filter((e) => e.streamId.startsWith('user-'))
    expect(new Set(ownerUserEvents.map((e) => e.streamId))).toEqual(new Set([`user-${owner.id}`]))
    // Another tenant's session is not found, as on every other route (not an empty page that confirms it exists).
    expect(await audit(other.apiKey, `?sessionId=${ownSession}`)).toEqual({ error: `session ${ownSession} not found` })
  })

  it('never shows secret material, not even hashed or sealed', async () => {
    const text = JSON.stringify(await audit(admin.apiKey, '?limit=1000'))
    expect(text).toContain('user.api-key-issued')
    for (const field of ['passwordHash', 'keyHash', 'sealedKey', 'tokenHash', 'argon2id']) expect(text).not.toContain(field)
  })
})
