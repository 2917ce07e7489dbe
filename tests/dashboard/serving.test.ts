import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { dashboardStatic, NOT_BUILT_PAGE } from '../../src/http/dashboard/dashboard-static.ts'
import { HttpServer } from '../../src/http/http-server.ts'
import { route } from '../../src/http/route.ts'

/** The dashboard's static serving, behind the real HTTP server and its routes and error handling. */
describe('dashboard serving', () => {
  let dir: string
  const servers: Array<{ server: HttpServer; url: string }> = []
  const start = async (dist: string) => {
    const server = new HttpServer({
      logger: pino({ level: 'silent' }),
      authenticate: async () => null,
      routes: [route({ method: 'get', path: '/api/thing', access: 'public', query: z.object({}), handle: () => ({ ok: true }) })],
      middleware: [dashboardStatic(dist)],
    })
    const port = await server.listen(0, '127.0.0.1')
    const started = { server, url: `http://127.0.0.1:${port}` }
    servers.push(started)
    return started.url
  }
  let url: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wag-dist-'))
    await mkdir(path.join(dir, 'assets'))
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>app</title><script type="module" src="/assets/index-abc123.js"></script>')
    await writeFile(path.join(dir, 'assets', 'index-abc123.js'), 'console.log("app")')
    await writeFile(path.join(dir, 'assets', 'index-abc123.js.gz'), (await import('node:zlib')).gzipSync('console.log("app")'))
    await writeFile(path.join(dir, 'favicon.svg'), '<svg/>')
    url = await start(dir)
  })
  afterAll(async () => {
    for (const { server } of servers) await server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers /, /index.html and every app path with index.html, never cached, with the same security headers', async () => {
    for (const p of ['/', '/index.html', '/./index.html', '/%69ndex.html', '/sessions', '/chats/62811%40s.whatsapp.net', '/webhooks/abc', '/healthz-no']) {
      const response = await fetch(`${url}${p}`)
      expect(response.status, p).toBe(200)
      expect(response.headers.get('content-type'), p).toContain('text/html')
      expect(response.headers.get('cache-control'), p).toBe('no-cache')
      expect(response.headers.get('content-security-policy'), p).toContain("default-src 'self'")
      expect(response.headers.get('content-security-policy'), p).toContain("frame-ancestors 'none'")
      expect(response.headers.get('x-frame-options'), p).toBe('DENY')
      expect(response.headers.get('referrer-policy'), p).toBe('same-origin')
      expect(await response.text()).toContain('<title>app</title>')
    }
  })

  it('serves hashed assets as immutable, gzipped when accepted, and 304 when unchanged', async () => {
    const response = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('content-type')).toContain('text/javascript')
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(await response.text()).toBe('console.log("app")')
    const again = await fetch(`${url}/assets/index-abc123.js`, { headers: { 'if-modified-since': response.headers.get('last-modified')!, 'cache-control': 'max-age=0' } }) // else fetch adds no-cache
    expect(again.status).toBe(304)
    const plain = await fetch(`${url}/favicon.svg`)
    expect(plain.headers.get('cache-control')).toBe('public, max-age=300')
  })

  it('keeps the API in JSON: routes answer, unknown /api paths are a JSON 404, missing assets are 404', async () => {
    expect(await (await fetch(`${url}/api/thing`)).json()).toEqual({ ok: true })
    for (const p of ['/api/nothing-here', '/api', '/assets/gone-123.js']) {
      const response = await fetch(`${url}${p}`)
      expect(response.status, p).toBe(404)
      expect(response.headers.get('content-type'), p).toContain('application/json')
      expect(((await response.json()) as { error: string }).error, p).toMatch(/not found/)
    }
    const post = await fetch(`${url}/sessions`, { method: 'POST' })
    expect(post.status).toBe(404)
    expect(((await post.json()) as { error: string }).error).toMatch(/not found/)
  })

  it('refuses paths that climb out of the build directory', async () => {
    // Each is either a 404 or the app's index page: never a file from outside web/dist.
    for (const p of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/%00', '/..%2findex.html', '/assets/..%2f..%2f' + path.basename(dir) + '%2findex.html']) {
      const response = await fetch(`${url}${p}`)
      const body = await response.text()
      if (response.status === 404) continue
      expect([response.status, body], p).toEqual([200, '<!doctype html><title>app</title><script type="module" src="/assets/index-abc123.js"></script>'])
      expect(response.headers.get('x-frame-options'), p).toBe('DENY')
    }
  })

  it('without a build, answers / with how to build it', async () => {
    const missing = await start(path.join(dir, 'no-such-dist'))
    const response = await fetch(`${missing}/`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(NOT_BUILT_PAGE)
    expect(NOT_BUILT_PAGE).toContain('npm run build:web')
    expect((await fetch(`${missing}/api/nothing`)).status).toBe(404)
  })
})
