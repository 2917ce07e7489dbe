import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestGateway, type TestGateway } from '../support/gateway-harness.ts'

/** What the dashboard's account page relies on: the generated-password offer, and changing one's own password. */
describe('own password change', () => {
  let gw: TestGateway
  beforeAll(async () => {
    gw = await startTestGateway()
  })
  afterAll(async () => {
    await gw?.close()
  })

  const login = async (email: string, password: string) => {
    const response = await fetch(`${gw.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
    const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!)
    return { status: response.status, cookie: cookies.join('; '), csrf: cookies.find((c) => c.startsWith('wag.csrf='))?.slice('wag.csrf='.length) ?? '' }
  }

  it('suggests a change while the generated password is in use, and stops once it is changed', async () => {
    const { body: created } = await gw.request('POST', '/api/test/create-user', { body: {} })
    expect(created.password).toBeTruthy()
    const first = await login(created.email, created.password)
    expect(first.status).toBe(200)
    expect((await gw.request('GET', '/api/auth/me', { cookie: first.cookie })).body).toMatchObject({ email: created.email, passwordChangeSuggested: true })

    const change = (cookie: string, csrf: string, body: unknown) => gw.request('POST', '/api/auth/password', { cookie, headers: { 'x-csrf-token': csrf }, body })
    const wrong = await change(first.cookie, first.csrf, { currentPassword: 'not-the-password', newPassword: 'a-new-password-1' })
    expect(wrong.status).toBe(403)
    expect(wrong.body.error).toMatch(/current password is wrong/)
    expect((await change(first.cookie, first.csrf, { currentPassword: created.password, newPassword: 'short' })).status).toBe(400)
    // A cookie write without the CSRF token is refused like every other.
    expect((await gw.request('POST', '/api/auth/password', { cookie: first.cookie, body: { currentPassword: created.password, newPassword: 'a-new-password-1' } })).status).toBe(403)

    const changed = await change(first.cookie, first.csrf, { currentPassword: created.password, newPassword: 'a-new-password-1' })
    expect(changed).toMatchObject({ status: 200, body: { success: true } })
    // The old login ended with the old password; the new one works, and the offer is gone.
    expect((await gw.request('GET', '/api/auth/me', { cookie: first.cookie })).status).toBe(401)
    expect((await login(created.email, created.password)).status).toBe(401)
    const second = await login(created.email, 'a-new-password-1')
    expect(second.status).toBe(200)
    expect((await gw.request('GET', '/api/auth/me', { cookie: second.cookie })).body.passwordChangeSuggested).toBe(false)
  })

  it('keeps the suggestion in the users read model, set at registration and cleared by a change, and /me reads only that', async () => {
    const { body: created } = await gw.request('POST', '/api/test/create-user', { body: {} })
    const row = () => gw.gateway.db.selectFrom('users').select('password_generated').where('id', '=', created.id).executeTakeFirstOrThrow()
    expect(await row()).toEqual({ password_generated: true })
    // /me answers from the column, not from the user's event stream (which grows with every login).
    await gw.gateway.db.updateTable('users').set({ password_generated: false }).where('id', '=', created.id).execute()
    expect((await gw.request('GET', '/api/auth/me', { key: created.apiKey })).body.passwordChangeSuggested).toBe(false)
    await gw.gateway.db.updateTable('users').set({ password_generated: true }).where('id', '=', created.id).execute()
    expect((await gw.request('GET', '/api/auth/me', { key: created.apiKey })).body.passwordChangeSuggested).toBe(true)
    const changed = await gw.request('POST', '/api/auth/password', { key: created.apiKey, body: { currentPassword: created.password, newPassword: 'a-new-password-2' } })
    expect(changed.status).toBe(200)
    expect(await row()).toEqual({ password_generated: false })
  })

  it('asks every caller, an API key too, for the current password, and counts wrong ones in the account\'s login limit', async () => {
    const { body: created } = await gw.request('POST', '/api/test/create-user', { body: { password: 'chosen-password-1' } })
    const change = (body: unknown) => gw.request('POST', '/api/auth/password', { key: created.apiKey, body })
    expect((await change({ newPassword: 'a-new-password-1' })).status).toBe(400)
    // Three wrong answers are free (as for logins), then the account must wait: 429 with Retry-After.
    for (let i = 0; i < 3; i++) expect((await change({ currentPassword: `guess-${i}`, newPassword: 'a-new-password-1' })).status).toBe(403)
    const limited = await change({ currentPassword: 'chosen-password-1', newPassword: 'a-new-password-1' })
    expect([limited.status, limited.body.error]).toEqual([429, expect.stringMatching(/^too many wrong passwords for this account; try again in \d+ s$/)])
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('shares the limit the other way: failed logins hold a password change back', async () => {
    const { body: created } = await gw.request('POST', '/api/test/create-user', { body: { password: 'chosen-password-1' } })
    for (let i = 0; i < 3; i++) expect((await login(created.email, `guess-${i}`)).status).toBe(401)
    const limited = await gw.request('POST', '/api/auth/password', { key: created.apiKey, body: { currentPassword: 'chosen-password-1', newPassword: 'a-new-password-1' } })
    expect(limited.status).toBe(429)
  })

  it('does not suggest a change for a password the user chose', async () => {
    const { body: created } = await gw.request('POST', '/api/test/create-user', { body: { password: 'chosen-password-1' } })
    const { cookie } = await login(created.email, 'chosen-password-1')
    expect((await gw.request('GET', '/api/auth/me', { cookie })).body.passwordChangeSuggested).toBe(false)
  })

  it('tells the dashboard the time zone and whether it runs against the sandbox', async () => {
    const { body: created } = await gw.request('POST', '/api/test/create-user', { body: {} })
    const { status, body } = await gw.request('GET', '/api/server-info', { key: created.apiKey })
    expect(status).toBe(200)
    expect(body).toMatchObject({ timeZone: 'UTC', sandbox: false })
    expect((await gw.request('GET', '/api/server-info')).status).toBe(401)
    // Sandbox routes exist only in sandbox mode.
    expect((await gw.request('GET', '/api/sandbox', { key: created.apiKey })).status).toBe(404)
  })
})
