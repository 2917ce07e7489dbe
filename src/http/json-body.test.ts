import { request as httpRequest } from 'node:http'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { silentLogger } from '../infra/logger.ts'
import { HttpServer } from './http-server.ts'
import { route } from './route.ts'

/** The JSON body edge: encodings, sizes, shapes and the strings no route may be given. */
describe('JSON bodies at the HTTP edge', () => {
  let server: HttpServer
  let base: string
  let port: number
  beforeAll(async () => {
    server = new HttpServer({
      logger: silentLogger,
      authenticate: async () => null,
      maxBodyBytes: 1000,
      routes: [
        route({ method: 'post', path: '/echo', access: 'public', body: z.object({ name: z.string().optional(), tags: z.array(z.string()).optional() }).passthrough(), handle: ({ body }) => body }),
        route({ method: 'get', path: '/bare/:x', access: 'public', handle: () => ({ ok: true }) }),
        route({ method: 'get', path: '/items/:id', access: 'public', params: z.object({ id: z.string() }), query: z.object({ q: z.string().optional() }), handle: ({ params }) => params }),
      ],
    })
    port = await server.listen(0, '127.0.0.1')
    base = `http://127.0.0.1:${port}`
  })
  afterAll(() => server.close(1000))

  const post = async (body: NonNullable<RequestInit['body']>, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const response = await fetch(`${base}/echo`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit)
    return [response.status, (await response.json()) as any] as const
  }
  const chunked = (...parts: string[]) =>
    new ReadableStream({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part))
        controller.close()
      },
    })

  it('decodes gzip and deflate, and refuses what does not decode or is no known encoding', async () => {
    expect(await post(gzipSync('{"name":"zipped"}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).toEqual([200, { name: 'zipped' }])
    const [badStatus, bad] = await post('{"name":"plain"}', { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    expect([badStatus, bad.error]).toEqual([400, expect.stringMatching(/could not be decoded as gzip/)])
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect((await post('{}', { 'content-type': 'application/json', 'content-encoding': name }))[0]).toBe(415)
    }
    expect(await post('{}', { 'content-type': 'application/json', 'content-encoding': 'compress' })).toEqual([
      415,
      { error: 'Content-Encoding compress is not supported; use one of identity, gzip, x-gzip, deflate, br' },
    ])
  })

  it('names what a JSON body that is no object is', async () => {
    expect(await post('null')).toEqual([400, { error: 'request body must be a JSON object ({ … }), not null' }])
    expect(await post('"str"')).toEqual([400, { error: 'request body must be a JSON object ({ … }), not a string' }])
    expect(await post('123')).toEqual([400, { error: 'request body must be a JSON object ({ … }), not a number' }])
    expect(await post('[1]')).toEqual([400, { error: 'request body must be a JSON object ({ … }), not an array' }])
    expect(await post('{"name": ')).toEqual([400, { error: 'request body is not valid JSON' }])
    expect(await post(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual([400, { error: 'request body is not valid UTF-8' }])
  })

  it('answers 415 to a chunked text/plain body, and 413 past the limit, declared or chunked, with the connection intact', async () => {
    expect(await post(chunked('{"name":', '"x"}'), { 'content-type': 'text/plain' })).toEqual([415, { error: 'send the body as JSON with Content-Type: application/json' }])
    expect(await post(chunked('{"name":', '"x"}'))).toEqual([200, { name: 'x' }])
    const limit = { error: 'request body is too large; the limit is 1000 bytes' }
    expect(await post(JSON.stringify({ name: 'x'.repeat(2000) }))).toEqual([413, limit])
    expect(await post(chunked('{"name":"', 'x'.repeat(600), 'x'.repeat(600), '"}'))).toEqual([413, limit])
    // A gzip bomb is measured after decoding.
    expect(await post(gzipSync(JSON.stringify({ name: 'x'.repeat(100_000) })), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).toEqual([413, limit])
  })

  it('reads and drops a big body nobody wanted, so the client hears the answer and not a reset', async () => {
    const big = () => chunked(...Array.from({ length: 40 }, () => 'x'.repeat(50_000)))
    const refused = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big(), duplex: 'half' } as RequestInit)
    expect([refused.status, await refused.json()]).toEqual([413, { error: 'request body is too large; the limit is 1000 bytes' }])
    const unread = await fetch(`${base}/items/a`, { method: 'GET', headers: { 'content-type': 'application/json' }, body: big(), duplex: 'half' } as RequestInit).catch((e: Error) => e)
    // fetch refuses a GET with a body itself; node:http does not, so ask it plainly.
    if (unread instanceof Error) {
      const answer = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/items/a', method: 'GET', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => (res.resume(), resolve(res.statusCode!)))
        req.on('error', reject)
        for (let i = 0; i < 40; i++) req.write('x'.repeat(50_000))
        req.end()
      })
      expect(answer).toBe(200)
    } else expect(unread.status).toBe(200)
  })

  it('says 413 before reading a body whose Content-Length is over the limit', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/echo', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5000000' } }, (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      })
      req.on('error', reject)
      req.write('{"name":"') // and nothing more: the answer must not wait for the other 5 MB
    })
    expect([answer.status, JSON.parse(answer.body)]).toEqual([413, { error: 'request body is too large; the limit is 1000 bytes' }])
  })

  it('refuses NUL and lone surrogates in every string of body, params and query, naming the field', async () => {
    expect(await post(JSON.stringify({ name: 'a\u0000b' }))).toEqual([400, { error: 'invalid body: name: must not contain NUL (U+0000) characters' }])
    expect(await post('{"tags":["ok","\\ud800"]}')).toEqual([400, { error: 'invalid body: tags.1: must not contain unpaired surrogates (invalid UTF-16)' }])
    expect(await post('{"deep":{"\\u0000":1}}')).toEqual([400, { error: 'invalid body: a key of deep must not contain NUL (U+0000) characters' }])
    expect(await post('{"name":"\\ud83d\\ude00 fine"}')).toEqual([200, { name: '😀 fine' }])
    expect(await post(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`)).toEqual([400, { error: expect.stringMatching(/nested more than 32 levels deep/) }])
    const param = await fetch(`${base}/items/a%00b`)
    expect([param.status, await param.json()]).toEqual([400, { error: 'invalid params: id: must not contain NUL (U+0000) characters' }])
    const query = await fetch(`${base}/items/a?q=%ED%A0%80`)
    expect(query.status).toBe(200) // %ED%A0%80 is no UTF-8: decoded as U+FFFD, which is storable
    // Routes without a schema for a part get the rule too.
    const bare = await fetch(`${base}/bare/%00`)
    expect([bare.status, await bare.json()]).toEqual([400, { error: 'invalid params: x: must not contain NUL (U+0000) characters' }])
    expect((await fetch(`${base}/bare/a?z=%00`)).status).toBe(400)
    const surrogate = await fetch(`${base}/items/a?q=x%00`)
    expect([surrogate.status, await surrogate.json()]).toEqual([400, { error: 'invalid query: q: must not contain NUL (U+0000) characters' }])
  })
})

describe('requests Node refuses before any route', () => {
  it('answers them with { error } JSON too', async () => {
    const { connect } = await import('node:net')
    const server = new HttpServer({ logger: silentLogger, authenticate: async () => null, routes: [] })
    const port = await server.listen(0, '127.0.0.1')
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(text))
        let answer = ''
        socket.on('data', (c) => (answer += c))
        socket.on('close', () => resolve(answer))
        socket.on('error', () => resolve(answer))
      })
    try {
      const malformed = await raw('GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')
      expect(malformed).toMatch(/^HTTP\/1.1 400 Bad Request\r\n[\s\S]*application\/json[\s\S]*\r\n\r\n\{"error":"the request is not well-formed HTTP\/1.1"\}$/)
      const huge = await raw(`GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
      expect(huge).toMatch(/^HTTP\/1.1 431 [\s\S]*\{"error":"the request line and headers are larger than 16 KiB/)
    } finally {
      await server.close(100)
    }
  })
})
