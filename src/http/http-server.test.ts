import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { NotFoundError, SessionNotConnectedError } from '../domain/errors.ts'
import { silentLogger } from '../infra/logger.ts'
import { HttpServer } from './http-server.ts'
import { route } from './route.ts'

const routes = [
  route({
    method: 'post',
    path: '/things',
    access: 'public',
    body: z.object({ name: z.string().min(1), count: z.number().int().optional() }).strict(),
    handle: ({ body }) => ({ created: body.name }),
  }),
  route({ method: 'get', path: '/boom', access: 'public', handle: () => Promise.reject(new Error('secret stack detail')) }),
  route({ method: 'get', path: '/missing', access: 'public', handle: () => Promise.reject(new NotFoundError('thing 7 not found')) }),
  route({ method: 'get', path: '/offline', access: 'public', handle: () => Promise.reject(new SessionNotConnectedError('abc', 'CONNECTING')) }),
  route({ method: 'get', path: '/private', access: 'authenticated', handle: ({ ctx }) => ({ caller: ctx.state.caller }) }),
  route({ method: 'get', path: '/slow', access: 'public', handle: () => new Promise((resolve) => setTimeout(() => resolve({ done: true }), 300)) }),
]

describe('HttpServer', () => {
  let server: HttpServer
  let base: string
  const start = async (authenticate = async () => null as unknown) => {
    server = new HttpServer({ logger: silentLogger, routes, authenticate })
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`
  }
  afterEach(() => server?.close(1000))
  const post = (path: string, body: string, type = 'application/json') =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body })

  it('answers valid input, and says exactly what is wrong with invalid input', async () => {
    await start()
    const ok = await post('/things', JSON.stringify({ name: 'a' }))
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ created: 'a' })

    const missing = await post('/things', JSON.stringify({}))
    expect(missing.status).toBe(400)
    expect(await missing.json()).toEqual({ error: 'invalid body: name is required' })

    const wrongType = await post('/things', JSON.stringify({ name: 'a', count: 'x' }))
    expect(((await wrongType.json()) as { error: string }).error).toMatch(/^invalid body: count: /)

    const unknownKey = await post('/things', JSON.stringify({ name: 'a', colour: 'red' }))
    expect(await unknownKey.json()).toEqual({ error: 'invalid body: body: unknown key "colour"' })

    const badJson = await post('/things', '{"name": ')
    expect(badJson.status).toBe(400)
    expect(await badJson.json()).toEqual({ error: 'request body is not valid JSON' })

    const notJson = await post('/things', 'name=a', 'application/x-www-form-urlencoded')
    expect(notJson.status).toBe(415)

    const huge = await post('/things', JSON.stringify({ name: 'x'.repeat(2_000_000) }))
    expect([huge.status, await huge.json()]).toEqual([413, { error: 'request body is too large; the limit is 1048576 bytes' }])
  })

  it('answers unknown routes and methods with JSON errors', async () => {
    await start()
    const notFound = await fetch(`${base}/nowhere`)
    expect(notFound.status).toBe(404)
    expect(await notFound.json()).toEqual({ error: 'not found: GET /nowhere' })
    const wrongMethod = await fetch(`${base}/things`)
    expect(wrongMethod.status).toBe(405)
    expect(((await wrongMethod.json()) as { error: string }).error).toMatch(/not allowed/)
  })

  it('maps domain errors to statuses and never leaks an internal error', async () => {
    await start()
    const missing = await fetch(`${base}/missing`)
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'thing 7 not found' }])
    const offline = await fetch(`${base}/offline`)
    expect(offline.status).toBe(503)
    expect(((await offline.json()) as { error: string }).error).toMatch(/CONNECTING, not CONNECTED/)
    const boom = await fetch(`${base}/boom`)
    expect(boom.status).toBe(500)
    const body = await boom.text()
    expect(body).not.toContain('secret stack detail')
    expect(JSON.parse(body).error).toMatch(/^internal error \(request [0-9a-f-]+\)/)
    expect(boom.headers.get('x-request-id')).toBeTruthy()
  })

  it('answers 401 on authenticated routes without credentials, and passes the caller on', async () => {
    await start()
    const anonymous = await fetch(`${base}/private`)
    expect([anonymous.status, await anonymous.json()]).toEqual([401, { error: 'authentication required: send X-API-Key or log in' }])
    await server.close(1000)
    await start(async () => ({ userId: 'u1' }))
    expect(await (await fetch(`${base}/private`)).json()).toEqual({ caller: { userId: 'u1' } })
  })

  it('finishes requests in flight on close and takes no new connections', async () => {
    await start()
    const slow = fetch(`${base}/slow`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const closing = server.close(5000)
    const finished = await slow
    expect([finished.status, await finished.json()]).toEqual([200, { done: true }])
    await closing
    await expect(fetch(`${base}/things`)).rejects.toThrow()
  })
})
