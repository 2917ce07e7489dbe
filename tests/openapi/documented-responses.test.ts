import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { jsonSchemaOf } from '../../src/http/openapi/openapi-document.ts'
import { eventually } from '../support/eventually.ts'
import { startScriptedWorld, type ScriptedWorld } from '../webhooks/scripted-world.ts'

/**
 * The response schemas in the API document are written by hand beside the routes: here each one is
 * held against what its route really answers, so the document says what clients get, field by field.
 */
describe('documented responses are what the routes answer', () => {
  let world: ScriptedWorld
  beforeAll(async () => {
    world = await startScriptedWorld({ env: { OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } })
  })
  afterAll(() => world?.close())

  /** Calls the route and checks the answer against its `response`: every field documented, every documented field as described. */
  const check = async (method: string, pattern: string, path = pattern, body?: unknown) => {
    const route = world.gw.gateway.routes.find((r) => r.method === method && r.path === pattern)
    expect(route?.response, `${method} ${pattern} documents its response`).toBeDefined()
    const response = await world.gw.request(method.toUpperCase(), path, { key: world.key, body })
    expect([method, path, response.status], JSON.stringify(response.body)).toEqual([method, path, route!.successStatus ?? 200])
    const schema = route!.response as z.ZodType
    const parsed = schema.safeParse(response.body)
    expect(parsed.success, `${method} ${pattern}: ${parsed.error?.message}`).toBe(true)
    for (const item of Array.isArray(response.body) ? response.body : [response.body]) expect(undocumented(jsonSchemaOf(schema, 'output'), item), `${method} ${pattern}`).toEqual([])
    return response.body
  }

  it('for sessions, chats, API keys, webhooks, deliveries, auto-replies and the scheduler', async () => {
    const { sessionId, connection } = await world.session()
    await check('get', '/api/sessions')
    await check('get', '/api/sessions/:id', `/api/sessions/${sessionId}`)
    await check('patch', '/api/sessions/:id/settings', `/api/sessions/${sessionId}/settings`, { config: { readReceipts: true } })
    await check('get', '/api/user/api-key')
    await check('get', '/api/auth/me')

    const [keyId] = world.receive(connection, 1)
    const chats = await eventually(async () => {
      const { body } = await world.gw.request('GET', `/api/chat/${sessionId}`, { key: world.key })
      expect(body.length).toBeGreaterThan(0)
      return body as Array<{ jid: string }>
    })
    await check('get', '/api/chat/:sessionId', `/api/chat/${sessionId}`)
    const messages = await check('get', '/api/chat/:sessionId/:jid', `/api/chat/${sessionId}/${encodeURIComponent(chats[0]!.jid)}`)
    expect(messages.some((m: { keyId: string }) => m.keyId === keyId)).toBe(true)

    const hook = await check('post', '/api/webhooks', '/api/webhooks', { name: 'docs', url: 'http://127.0.0.1:9/hook', sessionId, events: ['message.received'] })
    await check('get', '/api/webhooks')
    await check('get', '/api/webhooks/:id', `/api/webhooks/${hook.id}`)
    await check('patch', '/api/webhooks/:id', `/api/webhooks/${hook.id}`, { isActive: false })
    world.receive(connection, 1)
    const replay = await check('post', '/api/webhooks/:id/replay', `/api/webhooks/${hook.id}/replay`, { since: new Date(Date.now() - 60_000).toISOString() })
    await check('get', '/api/webhooks/:id/replays/:replayId', `/api/webhooks/${hook.id}/replays/${replay.replay.id}`)
    await check('get', '/api/webhooks/:id/deliveries', `/api/webhooks/${hook.id}/deliveries`)

    const rule = await check('post', '/api/autoreplies', '/api/autoreplies', { sessionId, keyword: 'hi', response: 'hello' })
    await check('get', '/api/autoreplies')
    await check('delete', '/api/autoreplies/:id', `/api/autoreplies/${rule.id}`)

    const schedule = await check('post', '/api/scheduler', '/api/scheduler', { sessionId, jid: chats[0]!.jid, content: 'later', sendAt: new Date(Date.now() + 3_600_000).toISOString() })
    await check('get', '/api/scheduler')
    await check('delete', '/api/scheduler/:id', `/api/scheduler/${schedule.id}`)
    await check('delete', '/api/webhooks/:id', `/api/webhooks/${hook.id}`)
    await check('post', '/api/user/api-key')
  })
})

/** Top-level fields of an answer its schema does not mention. */
function undocumented(schema: Record<string, unknown>, value: unknown): string[] {
  if (schema.type !== 'object' || typeof value !== 'object' || value === null) return []
  const properties = Object.keys((schema.properties as object | undefined) ?? {})
  return Object.keys(value).filter((key) => !properties.includes(key))
}
