import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../infra/logger.ts'
import { assertSameOrigin } from '../auth/request-auth.ts'
import { HttpServer } from '../http-server.ts'
import { route } from '../route.ts'
import { trustedProxyMatcher } from './trusted-proxies.ts'

describe('trusted proxies', () => {
  let server: HttpServer | undefined
  afterEach(() => server?.close(1000))
  const start = async (trustedProxies: string[]) => {
    server = new HttpServer({
      logger: silentLogger,
      authenticate: async () => null,
      trustedProxies,
      routes: [
        route({ method: 'get', path: '/whoami', access: 'public', handle: ({ ctx }) => ({ ip: ctx.ip, protocol: ctx.protocol, host: ctx.host, secure: ctx.secure }) }),
        route({ method: 'post', path: '/write', access: 'public', handle: ({ ctx }) => (assertSameOrigin(ctx), { ok: true }) }),
      ],
    })
    return `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`
  }
  const forged = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' }

  it('ignores X-Forwarded-* from anyone by default', async () => {
    const base = await start([])
    const port = new URL(base).port
    const me = await (await fetch(`${base}/whoami`, { headers: forged })).json()
    expect(me).toEqual({ ip: expect.stringMatching(/127\.0\.0\.1$/), protocol: 'http', host: `127.0.0.1:${port}`, secure: false })
    // X-Forwarded-Host does not make a foreign Origin our own.
    const write = await fetch(`${base}/write`, { method: 'POST', headers: { ...forged, origin: 'https://evil.example' } })
    expect(write.status).toBe(403)
    expect((await fetch(`${base}/write`, { method: 'POST', headers: { origin: base } })).status).toBe(200)
  })

  it('believes a trusted proxy, and takes the client from the right, past the proxies', async () => {
    const base = await start(['127.0.0.0/8', '10.0.0.0/8'])
    const me = await (await fetch(`${base}/whoami`, { headers: { ...forged, 'x-forwarded-for': '1.2.3.4, 203.0.113.7, 10.1.1.1' } })).json()
    // 1.2.3.4 is what the client claimed; 203.0.113.7 is who connected to our proxy at 10.1.1.1.
    expect(me).toEqual({ ip: '203.0.113.7', protocol: 'https', host: 'evil.example', secure: true })
    expect((await fetch(`${base}/write`, { method: 'POST', headers: { ...forged, origin: 'https://evil.example' } })).status).toBe(200)
  })

  it('matches CIDRs and single addresses, IPv4-mapped peers included, and refuses typos', () => {
    const trusted = trustedProxyMatcher(['10.0.0.0/8', '::1', 'fd00::/8'])
    expect(['10.2.3.4', '::ffff:10.2.3.4', '::1', 'fd00::5'].map(trusted)).toEqual([true, true, true, true])
    expect(['11.0.0.1', '127.0.0.1', 'fe80::1', 'garbage', ''].map(trusted)).toEqual([false, false, false, false, false])
    expect(() => trustedProxyMatcher(['10.0.0.0/33'])).toThrow(/10.0.0.0\/33 is not an IP address or CIDR range/)
  })
})
