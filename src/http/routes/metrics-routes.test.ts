import { request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../infra/logger.ts'
import { HttpServer } from '../http-server.ts'
import { isLoopbackPeer } from '../loopback-peer.ts'
import { metricsRoutes } from './metrics-routes.ts'

const EXPOSITION = { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'wag_up 1\n' }
const TOKEN = 'a-metrics-token-of-16+'

describe('whether a peer is this machine', () => {
  it('takes loopback addresses in every form, and nothing else', () => {
    for (const local of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackPeer(local), local).toBe(true)
    for (const remote of ['10.0.0.5', '192.168.1.20', '172.29.56.10', '::ffff:10.0.0.1', 'fd00::1', '0.0.0.0', '::', '', undefined, 'localhost']) {
      expect(isLoopbackPeer(remote), String(remote)).toBe(false)
    }
  })
})

describe('GET /metrics', () => {
  let server: HttpServer | undefined
  let socketDir: string | undefined
  afterEach(async () => {
    await server?.close(1000)
    server = undefined
    if (socketDir) await rm(socketDir, { recursive: true, force: true })
    socketDir = undefined
  })
  const create = (token: string | undefined) => {
    // 127.0.0.1 is a trusted proxy, so that X-Forwarded-For would change ctx.ip: it must not matter here.
    server = new HttpServer({ logger: silentLogger, routes: metricsRoutes({ render: async () => EXPOSITION, token }), authenticate: async () => null, trustedProxies: ['127.0.0.1', '::1'] })
    return server
  }
  const start = async (token: string | undefined) => `http://127.0.0.1:${await create(token).listen(0, '127.0.0.1')}`

  it('without METRICS_TOKEN, answers a caller on this machine, whatever X-Forwarded-For says', async () => {
    const base = await start(undefined)
    const local = await fetch(`${base}/metrics`)
    expect([local.status, await local.text()]).toEqual([200, 'wag_up 1\n'])
    const forwarded = await fetch(`${base}/metrics`, { headers: { 'X-Forwarded-For': '10.1.2.3' } })
    expect(forwarded.status).toBe(200)
  })

  it('without METRICS_TOKEN, refuses a peer that is not loopback with a 401 saying to set METRICS_TOKEN', async () => {
    create(undefined)
    // A Unix socket: a real connection whose peer has no loopback address (tests reach nothing but 127.0.0.1/::1).
    socketDir = await mkdtemp(path.join(tmpdir(), 'wag-metrics-'))
    const socketPath = path.join(socketDir, 'http.sock')
    await new Promise<void>((resolve) => server!.server.listen(socketPath, resolve))
    const answer = await new Promise<{ status: number; body: string; challenge: string | undefined }>((resolve, reject) => {
      request({ socketPath, path: '/metrics', headers: { 'X-Forwarded-For': '127.0.0.1' } }, (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, body, challenge: res.headers['www-authenticate'] }))
      })
        .on('error', reject)
        .end()
    })
    expect(answer.status).toBe(401)
    expect(answer.challenge).toMatch(/^Bearer/)
    const { error } = JSON.parse(answer.body) as { error: string }
    expect(error).toMatch(/only to this machine .* set METRICS_TOKEN/)
    expect(answer.body).not.toContain('wag_up')
  })

  it('with METRICS_TOKEN, needs the bearer token also from this machine', async () => {
    const base = await start(TOKEN)
    const bare = await fetch(`${base}/metrics`)
    expect(bare.status).toBe(401)
    expect(((await bare.json()) as { error: string }).error).toMatch(/Bearer <METRICS_TOKEN>/)
    const wrong = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } })
    expect(wrong.status).toBe(401)
    const right = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect([right.status, await right.text()]).toEqual([200, 'wag_up 1\n'])
  })
})
