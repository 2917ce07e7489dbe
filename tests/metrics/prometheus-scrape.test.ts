import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectSocket, type RecordingSocket } from '../realtime/socket-client.ts'
import { eventually } from '../support/eventually.ts'
import { DATABASE_URL } from '../support/postgres.ts'
import { pairNewSession, startWhatsAppWorld, type WhatsAppWorld } from '../support/whatsapp-harness.ts'
import { startReceiver, type Receiver } from '../webhooks/receiver.ts'
import { freePort } from '../support/processes.ts'

const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus'
const TOKEN = 'metrics-token-for-the-scrape-test'
const available = existsSync(PROMETHEUS)
if (!available) console.warn(`metrics: SKIPPED the Prometheus scrape test (no ${PROMETHEUS}; apt-get install prometheus, or set PROMETHEUS_BIN)`)

describe.skipIf(!available)('GET /metrics scraped by a real Prometheus', () => {
  let world: WhatsAppWorld
  let receiver: Receiver
  let socket: RecordingSocket
  let prometheus: { url: string; process: ChildProcess; dir: string }
  let sessionId: string

  beforeAll(async () => {
    receiver = await startReceiver()
    // On Postgres when there is one (CI), else embedded.
    world = await startWhatsAppWorld({ gateway: { database: DATABASE_URL ? 'postgres' : 'pglite', env: { METRICS_TOKEN: TOKEN, OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } } })
    prometheus = await startPrometheus(new URL(world.gateway.url).host)
  })
  afterAll(async () => {
    socket?.close()
    if (prometheus) {
      prometheus.process.kill('SIGTERM')
      await new Promise((resolve) => prometheus.process.once('exit', resolve))
      await rm(prometheus.dir, { recursive: true, force: true })
    }
    await world?.close()
    await receiver?.close()
  })

  it('refuses a scrape without the bearer token, and answers the text format with it', async () => {
    const bare = await fetch(`${world.gateway.url}/metrics`)
    expect(bare.status).toBe(401)
    expect(bare.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(((await bare.json()) as { error: string }).error).toMatch(/METRICS_TOKEN/)
    const wrong = await fetch(`${world.gateway.url}/metrics`, { headers: { authorization: 'Bearer not-the-token' } })
    expect(wrong.status).toBe(401)
    const scrape = await fetch(`${world.gateway.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(scrape.status).toBe(200)
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await scrape.text()
    // Every series the README lists is exposed (HELP lines appear before any sample).
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## Metrics'), readme.indexOf('\n## ', readme.indexOf('## Metrics') + 1))
    const listed = [...new Set([...section.matchAll(/`(wag_[a-z_]+)[`{]/g)].map((m) => m[1]!))]
    expect(listed.length).toBeGreaterThan(15)
    expect(listed.filter((name) => !text.includes(`# HELP ${name} `))).toEqual([])
  })

  it('has every series after a message went out and one came in, with a webhook delivered', async () => {
    const paired = await pairNewSession(world, 'Metrics')
    sessionId = paired.sessionId
    const contact = world.sandbox.api.createContact({ name: 'Counted' }) as { pn: string; jid: string }
    const hook = await world.gateway.request('POST', '/api/webhooks', { key: world.key, body: { name: 'metrics', url: receiver.url, sessionId, events: ['message.received'] } })
    expect(hook.status, JSON.stringify(hook.body)).toBe(200)
    socket = connectSocket(world.gateway.url, { auth: { apiKey: world.key } })
    await new Promise<void>((resolve, reject) => (socket.socket.once('connect', () => resolve()), socket.socket.once('connect_error', reject)))

    const send = await world.gateway.request('POST', '/api/chat/send', { key: world.key, body: { sessionId, jid: contact.jid, message: { text: 'counted out' } } })
    expect(send.status, JSON.stringify(send.body)).toBe(200)
    expect((await world.gateway.request('GET', `/api/sessions/${sessionId}`, { key: world.key })).status).toBe(200)
    const incoming = await world.sandbox.api.sendMessage({ from: contact.pn, to: paired.phone.pn, text: 'counted in' })
    await eventually(() => expect(receiver.received.some((r) => r.body.data?.keyId === incoming.id)).toBe(true), { timeoutMs: 20_000 })

    const series = async (query: string) => {
      const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`)
      const body = (await response.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }
      expect(body.status).toBe('success')
      return body.data.result
    }
    const value = async (query: string) => {
      const [first] = await series(query)
      if (!first) throw new Error(`no series for ${query} yet`)
      return Number(first.value[1])
    }
    // Prometheus scrapes every second: wait for a scrape taken after the traffic above.
    await eventually(async () => {
      expect(await value(`wag_messages_total{session="${sessionId}",direction="out"}`)).toBe(1)
      expect(await value(`wag_messages_total{session="${sessionId}",direction="in"}`)).toBe(1)
      expect(await value('wag_webhook_deliveries_total{outcome="delivered"}')).toBeGreaterThanOrEqual(1)
      expect(await value('wag_socketio_connections')).toBe(1)
    }, { timeoutMs: 20_000, intervalMs: 250 })

    const [target] = ((await (await fetch(`${prometheus.url}/api/v1/targets`)).json()) as any).data.activeTargets
    expect(target.health).toBe('up')
    expect(await value('wag_sessions{status="CONNECTED"}')).toBe(1)
    expect(await value('wag_sessions{status="ZOMBIE"}')).toBe(0)
    expect(await value(`wag_outbound_queue_depth{session="${sessionId}"}`)).toBe(0)
    expect(await value('wag_outbound_pacing_wait_seconds_count')).toBeGreaterThanOrEqual(1)
    expect(await value('wag_webhook_delivery_lag_seconds_count')).toBeGreaterThanOrEqual(1)
    expect(await value('wag_webhook_delivery_lag_seconds_sum')).toBeGreaterThan(0)
    expect(await value('wag_webhook_dead_letters')).toBe(0)
    expect(await value('wag_event_store_append_seconds_count')).toBeGreaterThan(3)
    expect(await value('wag_event_store_appended_events_total')).toBeGreaterThan(3)
    expect(await value('wag_event_store_head_position')).toBeGreaterThan(0)
    expect(await value('wag_process_cpu_seconds_total')).toBeGreaterThan(0)
    expect(await value('wag_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)

    const projections = await series('wag_projection_lag_seconds')
    expect(projections.map((s) => s.metric.projection)).toEqual(expect.arrayContaining(['sessions', 'messages', 'webhooks']))
    for (const s of projections) expect(Number(s.value[1])).toBeGreaterThanOrEqual(0)
    expect((await series('wag_projection_lag_positions')).length).toBe(projections.length)
    expect((await series('wag_projection_position')).length).toBe(projections.length)

    // By route pattern, never the raw path.
    const routes = (await series('wag_http_request_duration_seconds_count')).map((s) => s.metric)
    expect(routes).toEqual(expect.arrayContaining([
      expect.objectContaining({ method: 'POST', route: '/api/chat/send', status: '200' }),
      expect.objectContaining({ method: 'GET', route: '/api/sessions/:id', status: '200' }),
      expect.objectContaining({ method: 'GET', route: '/metrics', status: '200' }),
    ]))
    expect(routes.some((r) => r.route === `/api/sessions/${sessionId}`)).toBe(false)

    // Bounded labels: no JID, phone number or message id anywhere.
    const text = await (await fetch(`${world.gateway.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text()
    for (const secret of [contact.jid, contact.pn, incoming.id, send.body.messageId, '@s.whatsapp.net']) expect(text).not.toContain(secret)
  })
})

async function startPrometheus(target: string): Promise<{ url: string; process: ChildProcess; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wag-prometheus-'))
  await writeFile(path.join(dir, 'token'), TOKEN, { mode: 0o600 })
  await writeFile(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: wa-gateway',
      '    authorization:',
      `      credentials_file: ${path.join(dir, 'token')}`,
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  )
  const port = await freePort()
  const child = spawn(PROMETHEUS, [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  const url = `http://127.0.0.1:${port}`
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${stderr}`)
    const ready = await fetch(`${url}/-/ready`)
    if (!ready.ok) throw new Error(`prometheus not ready: ${ready.status}`)
  }, { timeoutMs: 30_000, intervalMs: 100 })
  return { url, process: child, dir }
}

