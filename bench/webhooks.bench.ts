import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from '../src/infra/db/open-database.ts'
import { PostgresEventStore } from '../src/infra/event-store/postgres/postgres-event-store.ts'
import { percentile, type Figure } from './support/report.ts'
import { freePort, startNode, stopProcess, waitUntil } from '../tests/support/processes.ts'

const MESSAGES = Number(process.env.BENCH_WEBHOOK_MESSAGES ?? 10_000)
const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 500)
/** Inbound traffic spread over this many linked sessions (one webhook lane each). */
const SESSIONS = Number(process.env.BENCH_WEBHOOK_SESSIONS ?? 4)
const CONTACTS = 10
const SENDERS = 16
const BASELINE_MS = 3000

interface Arrival {
  readonly id: string
  readonly keyId: string
  readonly sessionId: string
  /** When the gateway recorded the event (the payload's timestamp). */
  readonly recordedAt: number
  readonly arrivedAt: number
}

/**
 * A burst of MESSAGES inbound messages at RATE a second, from sandbox contacts to SESSIONS linked
 * sessions, each delivered by one webhook (all sessions) to a receiver in this process: delivery throughput, and latency from the
 * gateway's receipt (the event's timestamp) to the receiver, p50 and p99; beside the event store's
 * append rate and latency measured in the same run on the same database.
 */
export async function webhooksBench(databaseUrl: string): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wag-bench-webhooks-'))
  const arrivals: Arrival[] = []
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const arrivedAt = performance.timeOrigin + performance.now()
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { sessionId: string; timestamp: string; data: { keyId: string } }
      arrivals.push({ id: String(req.headers['x-webhook-id']), keyId: body.data.keyId, sessionId: body.sessionId, recordedAt: Date.parse(body.timestamp), arrivedAt })
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`

  const sandboxPort = await freePort()
  const sandbox = startNode('src/sandbox/main.ts', { SANDBOX_PORT: String(sandboxPort), SANDBOX_DATA_DIR: path.join(dir, 'sandbox'), LOG_LEVEL: 'warn' })
  const admin = `http://127.0.0.1:${sandboxPort}/admin`
  const gatewayPort = await freePort()
  let gateway: ReturnType<typeof startNode> | undefined
  try {
    await waitUntil('the sandbox', async () => ((await fetch(`${admin}/health`)).ok ? true : undefined), 30_000)
    gateway = startNode('src/main.ts', {
      PORT: String(gatewayPort),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dir, 'gateway'),
      DATABASE_URL: databaseUrl,
      NATS_URL: '',
      WA_WS_URL: `ws://127.0.0.1:${sandboxPort}/ws/chat`,
      GATEWAY_TEST_ENDPOINTS: '1',
      OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
      ADMIN_EMAIL: 'bench@example.com',
      ADMIN_PASSWORD: 'bench-password',
      LOG_LEVEL: 'warn',
    })
    const url = `http://127.0.0.1:${gatewayPort}`
    await waitUntil('the gateway', async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${gateway!.output()}`)
    })
    const json = async (response: Response) => (await response.json()) as any
    const post = (target: string, body: unknown, key?: string) =>
      fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body: JSON.stringify(body) }).then(json)
    const { apiKey } = await post(`${url}/api/test/create-user`, {})
    const contacts = await Promise.all(Array.from({ length: CONTACTS }, () => post(`${admin}/contacts`, {})))
    const phones = await Promise.all(
      Array.from({ length: SESSIONS }, async (_, n) => {
        const phone = await post(`${admin}/phones`, {})
        const { sessionId } = await post(`${url}/api/sessions`, { name: `bench-${n}` }, apiKey)
        const session = () => fetch(`${url}/api/sessions/${sessionId}`, { headers: { 'x-api-key': apiKey } }).then(json)
        const qr = await waitUntil('a QR', async () => (await session()).qr ?? undefined, 30_000)
        await post(`${admin}/phones/${phone.pn}/scan`, { qr })
        await waitUntil('CONNECTED', async () => ((await session()).status === 'CONNECTED' ? true : undefined), 60_000)
        return phone as { pn: string }
      }),
    )
    const hook = await post(`${url}/api/webhooks`, { name: 'bench', url: receiverUrl, events: ['message.received'] }, apiKey)
    if (!hook.id) throw new Error(`could not create the webhook: ${JSON.stringify(hook)}`)

    // The burst: message i leaves at start + i / RATE, from SENDERS concurrent admin requests.
    console.error(`  sending ${MESSAGES} messages at ${RATE}/s …`)
    const sentAt = new Map<string, number>()
    const start = performance.now() + 200
    let next = 0
    const sender = async () => {
      for (let i = next++; i < MESSAGES; i = next++) {
        const due = start + (i * 1000) / RATE
        const wait = due - performance.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        const at = performance.timeOrigin + performance.now()
        const contact = contacts[i % CONTACTS]
        const result = await post(`${admin}/messages`, { from: contact.pn, to: phones[i % SESSIONS]!.pn, text: `bench ${i} ${randomUUID()}` })
        sentAt.set(result.id, at)
      }
    }
    const cpuBefore = { gateway: await cpuSeconds(gateway.child.pid!), sandbox: await cpuSeconds(sandbox.child.pid!), postgres: await postgresCpuSeconds(), at: performance.now() }
    await Promise.all(Array.from({ length: SENDERS }, sender))
    const sendSeconds = (performance.now() - start) / 1000
    let last = -1
    let stalledSince = performance.now()
    while (new Set(arrivals.map((a) => a.id)).size < MESSAGES) {
      if (arrivals.length !== last) {
        last = arrivals.length
        stalledSince = performance.now()
      } else if (performance.now() - stalledSince > 60_000) {
        throw new Error(`webhook deliveries stalled at ${new Set(arrivals.map((a) => a.id)).size} of ${MESSAGES}\n${gateway.output()}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }

    const wall = (performance.now() - cpuBefore.at) / 1000
    const cpu = {
      gateway: Math.round(((await cpuSeconds(gateway.child.pid!)) - cpuBefore.gateway) / wall * 100),
      sandbox: Math.round(((await cpuSeconds(sandbox.child.pid!)) - cpuBefore.sandbox) / wall * 100),
      postgres: Math.round(((await postgresCpuSeconds()) - cpuBefore.postgres) / wall * 100),
    }
    console.error(`  CPU during the burst: gateway ${cpu.gateway}%, sandbox ${cpu.sandbox}%, postgres ${cpu.postgres}% (100% = one core; ${availableParallelism()} cores)`)

    // Checks, not figures: every message once by id, in the order of the log within its session.
    const repeats = arrivals.length - new Set(arrivals.map((a) => a.id)).size
    const firsts = new Map<string, Arrival>()
    for (const a of arrivals) if (!firsts.has(a.id)) firsts.set(a.id, a)
    const keys = new Set([...firsts.values()].map((a) => a.keyId))
    if (keys.size !== firsts.size) throw new Error('a message was delivered under two different ids')
    const deliveries = [...firsts.values()]
    const recordedOrder = [...deliveries].sort((x, y) => x.recordedAt - y.recordedAt)
    const outOfOrder = [...bySession(deliveries).values()].reduce((n, list) => n + list.filter((d, i) => d.recordedAt < (list[i - 1]?.recordedAt ?? 0)).length, 0)

    const latency = deliveries.map((a) => a.arrivedAt - a.recordedAt)
    const endToEnd = deliveries.filter((a) => sentAt.has(a.keyId)).map((a) => a.arrivedAt - sentAt.get(a.keyId)!)
    const ingestion = deliveries.filter((a) => sentAt.has(a.keyId)).map((a) => a.recordedAt - sentAt.get(a.keyId)!)
    const firstArrival = Math.min(...deliveries.map((a) => a.arrivedAt))
    const lastArrival = Math.max(...deliveries.map((a) => a.arrivedAt))
    const deliveredPerSecond = deliveries.length / ((lastArrival - firstArrival) / 1000)
    const recordedSpan = (recordedOrder.at(-1)!.recordedAt - recordedOrder[0]!.recordedAt) / 1000
    const recordedPerSecond = deliveries.length / recordedSpan

    // The delivery path alone, without WhatsApp ingestion: replay everything to the receiver.
    const replayFrom = arrivals.length
    const replayStarted = performance.timeOrigin + performance.now()
    const replay = await post(`${url}/api/webhooks/${hook.id}/replay`, { fromPosition: '1' }, apiKey)
    if (!replay.success) throw new Error(`replay refused: ${JSON.stringify(replay)}`)
    await waitUntil('the replay', async () => (new Set(arrivals.slice(replayFrom).map((a) => a.id)).size >= MESSAGES ? true : undefined), 300_000, 100)
    const replayed = arrivals.slice(replayFrom)
    const replayPerSecond = replayed.length / ((Math.max(...replayed.map((a) => a.arrivedAt)) - replayStarted) / 1000)

    await stopProcess(gateway.child)
    gateway = undefined
    const stages = await stageLatencies(databaseUrl)
    console.error(`  stages p50/p99 ms: ${JSON.stringify(stages)}`)
    const appends = await appendRate(databaseUrl)

    const note = `${MESSAGES} msgs sent at ${Math.round(MESSAGES / sendSeconds)}/s, recorded at ${Math.round(recordedPerSecond)}/s; ${repeats} repeats, ${outOfOrder} out of log order`
    return [
      {
        name: `webhook deliveries per second (${SESSIONS} sessions)`,
        unit: 'msg/s',
        ours: deliveredPerSecond,
        baseline: appends.perSecondConcurrent,
        better: 'higher',
        note: `baseline: event-store appends/s, one event per append, 8 at a time (sequential: ${Math.round(appends.perSecond)}/s); ${note}`,
      },
      {
        name: `webhook replay of ${MESSAGES} events, deliveries per second`,
        unit: 'msg/s',
        ours: replayPerSecond,
        baseline: appends.perSecondConcurrent,
        better: 'higher',
        note: `the delivery path without ingestion: POST /replay to delivered, ${SESSIONS} lanes; baseline: appends/s, 8 at a time`,
      },
      {
        name: 'webhook latency p50, receipt to delivery',
        unit: 'ms',
        ours: percentile(latency, 50),
        baseline: appends.p50,
        better: 'lower',
        note: 'receipt: the event timestamp (recorded); baseline: one append, p50',
      },
      {
        name: 'webhook latency p99, receipt to delivery',
        unit: 'ms',
        ours: percentile(latency, 99),
        baseline: appends.p99,
        better: 'lower',
        max: 250,
        note: `offered ${RATE} msg/s, recorded ${Math.round(recordedPerSecond)}/s; CPU gateway ${cpu.gateway}%, sandbox ${cpu.sandbox}%, postgres ${cpu.postgres}% of ${availableParallelism() * 100}%; baseline: one append, p99`,
      },
      {
        name: 'sandbox send to webhook delivery p99',
        unit: 'ms',
        ours: percentile(endToEnd, 99),
        baseline: percentile(ingestion, 99),
        better: 'lower',
        note: `baseline: sandbox send to recorded p99 (ingestion: sandbox, Baileys, append); p50 ours ${Math.round(percentile(endToEnd, 50))} ms`,
      },
    ]
  } finally {
    if (gateway) await stopProcess(gateway.child)
    await stopProcess(sandbox.child)
    receiver.close()
  }
}

function bySession(deliveries: readonly Arrival[]): Map<string, Arrival[]> {
  const lanes = new Map<string, Arrival[]>()
  for (const d of deliveries) lanes.set(d.sessionId, [...(lanes.get(d.sessionId) ?? []), d])
  return lanes
}

/** CPU time (user + system) a process has used, in seconds (Linux /proc). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** CPU seconds of every local postgres process (0 when Postgres runs elsewhere). */
async function postgresCpuSeconds(): Promise<number> {
  let total = 0
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if ((await readFile(`/proc/${entry}/comm`, 'utf8')).trim() === 'postgres') total += await cpuSeconds(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return total
}

/** Where the time goes, from the database: recorded → routed (the router), routed → first attempt (the deliverer), the attempt itself. */
async function stageLatencies(url: string): Promise<Record<string, [number, number]>> {
  const handle = await openDatabase<any>({ url, poolSize: 1 })
  try {
    const { rows } = await sql<{ routed: number; claimed: number; attempt: number }>`
      SELECT extract(epoch FROM d.created_at - e.occurred_at) * 1000 AS routed,
             extract(epoch FROM a.started_at - d.created_at) * 1000 AS claimed,
             a.latency_ms AS attempt
      FROM webhook_deliveries d JOIN events e ON e.id = d.event_id JOIN webhook_attempts a ON a.delivery_id = d.id AND a.attempt = 1`.execute(handle.db)
    const stage = (pick: (r: (typeof rows)[number]) => number): [number, number] => {
      const values = rows.map((r) => Number(pick(r)))
      return [Math.round(percentile(values, 50) * 10) / 10, Math.round(percentile(values, 99) * 10) / 10]
    }
    return { recordedToRouted: stage((r) => r.routed), routedToAttempt: stage((r) => r.claimed), attempt: stage((r) => r.attempt) }
  } finally {
    await handle.close()
  }
}

/** The event store on the same database, from this process: single-event appends, sequential and 8 at a time. */
async function appendRate(url: string): Promise<{ perSecond: number; perSecondConcurrent: number; p50: number; p99: number }> {
  const handle = await openDatabase<any>({ url, poolSize: 10 })
  const store = new PostgresEventStore(handle.db)
  try {
    const data = { keyId: '3EB0BENCH', remoteJid: '6287748687946@s.whatsapp.net', text: 'Hello from the benchmark!' }
    const run = async (concurrency: number) => {
      const latencies: number[] = []
      const deadline = performance.now() + BASELINE_MS
      const started = performance.now()
      await Promise.all(
        Array.from({ length: concurrency }, async (_, w) => {
          const streamId = `messages-bench-${w}-${randomUUID()}`
          while (performance.now() < deadline) {
            const t0 = performance.now()
            await store.append(streamId, [{ type: 'message.received', data }])
            latencies.push(performance.now() - t0)
          }
        }),
      )
      return { perSecond: latencies.length / ((performance.now() - started) / 1000), latencies }
    }
    await run(1)
    const sequential = await run(1)
    const concurrent = await run(8)
    return { perSecond: sequential.perSecond, perSecondConcurrent: concurrent.perSecond, p50: percentile(sequential.latencies, 50), p99: percentile(sequential.latencies, 99) }
  } finally {
    await handle.close()
  }
}

/**
 * The webhook path alone at RATE: the gateway in its own process with a scripted WhatsApp driver
 * (no Baileys, no sandbox), MESSAGES messages over SESSIONS sessions, each recorded and delivered to
 * the receiver. Latency from the event's timestamp to the receiver.
 */
export async function webhookPathBench(databaseUrl: string): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wag-bench-webhook-path-'))
  const arrivals: Arrival[] = []
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const arrivedAt = performance.timeOrigin + performance.now()
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { sessionId: string; timestamp: string; data: { keyId: string } }
      arrivals.push({ id: String(req.headers['x-webhook-id']), keyId: body.data.keyId, sessionId: body.sessionId, recordedAt: Date.parse(body.timestamp), arrivedAt })
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  const [port, controlPort] = [await freePort(), await freePort()]
  const gateway = startNode('bench/support/scripted-gateway.ts', {
    PORT: String(port),
    HOST: '127.0.0.1',
    CONTROL_PORT: String(controlPort),
    DATA_DIR: path.join(dir, 'gateway'),
    DATABASE_URL: databaseUrl,
    NATS_URL: '',
    GATEWAY_TEST_ENDPOINTS: '1',
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'bench-password',
    LOG_LEVEL: 'warn',
  })
  try {
    const url = `http://127.0.0.1:${port}`
    const control = `http://127.0.0.1:${controlPort}`
    await waitUntil('the gateway', async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${gateway.output()}`)
    })
    const post = async (target: string, body: unknown, key?: string) =>
      (await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body: JSON.stringify(body) }).then((r) => r.json())) as any
    const { apiKey } = await post(`${url}/api/test/create-user`, {})
    const sessions: string[] = []
    for (let n = 0; n < SESSIONS; n++) {
      const { sessionId } = await post(`${url}/api/sessions`, { name: `path-${n}` }, apiKey)
      await waitUntil('its connection', async () => ((await fetch(`${control}/open?sessionId=${sessionId}`, { method: 'POST' })).status === 204 ? true : undefined), 30_000)
      sessions.push(sessionId)
    }
    await post(`${url}/api/webhooks`, { name: 'path', url: receiverUrl, events: ['message.received'] }, apiKey)
    console.error(`  webhook path: ${MESSAGES} messages at ${RATE}/s over ${SESSIONS} scripted sessions …`)
    const cpuBefore = { gateway: await cpuSeconds(gateway.child.pid!), postgres: await postgresCpuSeconds(), at: performance.now() }
    const start = performance.now() + 100
    let next = 0
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = next++; i < MESSAGES; i = next++) {
          const wait = start + (i * 1000) / RATE - performance.now()
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
          await fetch(`${control}/receive?sessionId=${sessions[i % SESSIONS]}&keyId=P${i}`, { method: 'POST' })
        }
      }),
    )
    await waitUntil('every delivery', async () => (new Set(arrivals.map((a) => a.id)).size >= MESSAGES ? true : undefined), 300_000, 100)
    const wall = (performance.now() - cpuBefore.at) / 1000
    const cpu = {
      gateway: Math.round((((await cpuSeconds(gateway.child.pid!)) - cpuBefore.gateway) / wall) * 100),
      postgres: Math.round((((await postgresCpuSeconds()) - cpuBefore.postgres) / wall) * 100),
    }
    const latency = arrivals.map((a) => a.arrivedAt - a.recordedAt)
    const recorded = [...arrivals].sort((a, b) => a.recordedAt - b.recordedAt)
    const recordedPerSecond = arrivals.length / ((recorded.at(-1)!.recordedAt - recorded[0]!.recordedAt) / 1000)
    const outOfOrder = [...bySession(arrivals).values()].reduce((n, list) => n + list.filter((d, i) => d.recordedAt < (list[i - 1]?.recordedAt ?? 0)).length, 0)
    await stopProcess(gateway.child)
    const appends = await appendRate(databaseUrl)
    const note = `scripted ingestion at ${Math.round(recordedPerSecond)}/s over ${SESSIONS} sessions; CPU gateway ${cpu.gateway}%, postgres ${cpu.postgres}% of ${availableParallelism() * 100}%; ${arrivals.length - MESSAGES} repeats, ${outOfOrder} out of order`
    return [
      { name: 'webhook path latency p50, receipt to delivery', unit: 'ms', ours: percentile(latency, 50), baseline: appends.p50, better: 'lower', note: `baseline: one append, p50; ${note}` },
      { name: 'webhook path latency p99, receipt to delivery', unit: 'ms', ours: percentile(latency, 99), baseline: appends.p99, better: 'lower', max: 250, note: `at ${RATE} msg/s; baseline: one append, p99` },
    ]
  } finally {
    await stopProcess(gateway.child)
    receiver.close()
  }
}

