import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { pino } from 'pino'
import { startSandbox, type ContactInfo, type SandboxHandle } from '../src/sandbox/index.ts'
import { freePort, waitUntil } from '../tests/support/processes.ts'
import { benchDatabase } from './support/bench-database.ts'
import { beforeCheckout, checkoutRef, type BeforeCheckout } from './support/before-checkout.ts'
import { startGatewayProcess } from './support/gateway-process.ts'
import type { Figure } from './support/report.ts'

const BATCHES = Number(process.env.BENCH_PIPELINE_BATCHES ?? 200)
const EVENTS_PER_BATCH = 3
/** Between two appended batches: time for every consumer to read the last one on its own. */
const PACE_MS = 20
/** Longer than the consumers' idle poll (1 s): no read with events for this long means all caught up. */
const QUIET_MS = 1500
const MESSAGES = Number(process.env.BENCH_PIPELINE_MESSAGES ?? 1000)
const RATE = Number(process.env.BENCH_PIPELINE_RATE ?? 200)
/** Linked sessions the messages go to: one webhook lane each, so delivery is not one lane's round trips. */
const SESSIONS = Number(process.env.BENCH_PIPELINE_SESSIONS ?? 4)
/** Messages before the measured ones: JIT, Signal sessions with every contact, pools, all warm. */
const WARM_UP = 100
const CONTACTS = 10
/** CPU runs of each checkout, in turn; the figure is the median run. */
const ROUNDS = Number(process.env.BENCH_PIPELINE_ROUNDS ?? 1)
const SENDERS = 16
/** The gateway measured as "ours": this checkout, or another commit's (BENCH_AFTER_DIR, with its node_modules). */
const AFTER = process.env.BENCH_AFTER_DIR ? path.resolve(process.env.BENCH_AFTER_DIR) : fileURLToPath(new URL('..', import.meta.url))

/**
 * Issue 10's two pipeline figures, each beside the same figure of the gateway before that work (a
 * checkout of e7f4f55, see support/before-checkout.ts) measured in the same run:
 * - store reads per appended batch across all the consumers of one process, once caught up: the
 *   events the store returned to readAll over the events appended (ours from /metrics,
 *   wag_event_store_read_events_total; the older gateway has no such counter, so both are also counted
 *   on PostgresEventStore itself);
 * - the gateway process's own CPU milliseconds (process.cpuUsage, asked over IPC by a preload, so the
 *   sandbox's and Postgres' share does not count) per inbound message, from a sandbox contact through
 *   the WhatsApp socket to a delivered webhook.
 */
export async function pipelineBench(databaseUrl: string): Promise<Figure[]> {
  const before = await beforeCheckout()
  const after = await checkoutRef(AFTER)
  if ('skipped' in before) console.error(`  no comparison: ${before.skipped}`)
  const sandbox = await startSandbox({ port: 0, logger: pino({ level: 'silent' }) })
  const cpu = { ours: [] as CpuFigure[], before: [] as CpuFigure[] }
  try {
    const contacts = Array.from({ length: CONTACTS }, (_, n) => sandbox.api.createContact({ name: `Contact ${n}` }))
    // Turn about, so a change in the machine's load falls on both alike.
    for (let round = 1; round <= ROUNDS; round++) {
      console.error(`  CPU per message, ${AFTER}${ROUNDS > 1 ? `, round ${round}` : ''} …`)
      cpu.ours.push(await cpuPerMessage(AFTER, sandbox, contacts))
      console.error(`    ${describeCpu(cpu.ours.at(-1)!)}`)
      if ('dir' in before) {
        console.error(`  CPU per message, ${before.ref} (${before.dir}) …`)
        cpu.before.push(await cpuPerMessage(before.dir, sandbox, contacts))
        console.error(`    ${describeCpu(cpu.before.at(-1)!)}`)
      }
    }
  } finally {
    await sandbox.close()
  }

  console.error(`  store reads per batch, ${AFTER} …`)
  const reads = { ours: await storeReads(AFTER, databaseUrl), before: undefined as ReadsFigure | undefined }
  if ('dir' in before) {
    console.error(`  store reads per batch, ${before.ref} …`)
    const database = await benchDatabase()
    try {
      reads.before = await storeReads(before.dir, database.url)
    } finally {
      await database.drop()
    }
  }

  return [readsFigure(after, reads.ours, reads.before, before), cpuFigure(after, median(cpu.ours), cpu.before.length > 0 ? median(cpu.before) : undefined, before)]
}

interface ReadsFigure {
  /** Events readAll returned over events appended: how many times each appended batch was read. */
  readonly perBatch: number
  readonly callsPerBatch: number
  readonly callsWithEventsPerBatch: number | undefined
  readonly seam: string
}

interface CpuFigure {
  readonly msPerMessage: number
  /** Of one core, over the measured window. */
  readonly cpuPercent: number
  /** Delivered per second over the window, and how long the sends took of it. */
  readonly perSecond: number
  readonly sendSeconds: number
  readonly seconds: number
}

const describeCpu = (c: CpuFigure) =>
  `${c.msPerMessage.toFixed(2)} ms/msg: ${Math.round(c.perSecond)} msg/s delivered (sent in ${c.sendSeconds.toFixed(1)} s, all delivered in ${c.seconds.toFixed(1)} s), gateway at ${Math.round(c.cpuPercent)}% of a core`

function readsFigure(after: string, ours: ReadsFigure, before: ReadsFigure | undefined, checkout: BeforeCheckout): Figure {
  const calls = (r: ReadsFigure) => `${r.callsPerBatch.toFixed(1)} readAll calls/batch${r.callsWithEventsPerBatch === undefined ? '' : ` (${r.callsWithEventsPerBatch.toFixed(1)} with events)`}`
  return {
    name: 'store reads per appended batch, all consumers',
    unit: 'reads',
    ours: ours.perBatch,
    baseline: before?.perBatch ?? Number.NaN,
    better: 'lower',
    max: 1,
    note:
      `${BATCHES} batches of ${EVENTS_PER_BATCH} events ${PACE_MS} ms apart; events readAll returned / events appended; ours (${after}) ${calls(ours)}, ${ours.seam}` +
      (before && 'dir' in checkout ? `; baseline: ${checkout.ref}, ${calls(before)}` : `; no baseline: ${'skipped' in checkout ? checkout.skipped : ''}`),
  }
}

function cpuFigure(after: string, ours: CpuFigure, before: CpuFigure | undefined, checkout: BeforeCheckout): Figure {
  const load = (c: CpuFigure) => `${Math.round(c.perSecond)} msg/s, gateway at ${Math.round(c.cpuPercent)}% of a core`
  return {
    name: 'gateway CPU per inbound message, socket to webhook',
    unit: 'ms',
    ours: ours.msPerMessage,
    baseline: before?.msPerMessage ?? Number.NaN,
    better: 'lower',
    ...(before ? { target: 2 } : {}),
    note:
      `${MESSAGES} msgs to ${SESSIONS} sessions offered at ${RATE}/s after ${WARM_UP} warm-up${ROUNDS > 1 ? `, median of ${ROUNDS} runs` : ''}; process.cpuUsage of the gateway child only; ours (${after}) ${load(ours)}` +
      (before && 'dir' in checkout ? `; baseline: ${checkout.ref}, ${load(before)}` : `; no comparison: ${'skipped' in checkout ? checkout.skipped : ''}`),
  }
}

/**
 * A gateway of `checkout` in a child process, SESSIONS sessions paired with sandbox phones, one webhook
 * to a receiver here; MESSAGES messages from the sandbox's contacts at RATE a second; the gateway's CPU
 * time from the first send to the last webhook received, per message.
 */
async function cpuPerMessage(checkout: string, sandbox: SandboxHandle, contacts: readonly ContactInfo[]): Promise<CpuFigure> {
  const database = await benchDatabase()
  const dir = await mkdtemp(path.join(tmpdir(), 'wag-bench-pipeline-'))
  const delivered = new Set<string>()
  const receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      delivered.add(String(req.headers['x-webhook-id']))
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const gateway = await startGatewayProcess(checkout, await freePort(), {
    HOST: '127.0.0.1',
    DATA_DIR: path.join(dir, 'gateway'),
    DATABASE_URL: database.url,
    NATS_URL: '',
    WA_WS_URL: sandbox.wsUrl,
    GATEWAY_TEST_ENDPOINTS: '1',
    OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'bench-password',
    LOG_LEVEL: 'warn',
  })
  try {
    const { apiKey } = await post<{ apiKey: string }>(`${gateway.url}/api/test/create-user`, {})
    const phones = await Promise.all(
      Array.from({ length: SESSIONS }, async (_, n) => {
        const phone = sandbox.api.createPhone({ name: `Bench ${n}` })
        const { sessionId } = await post<{ sessionId: string }>(`${gateway.url}/api/sessions`, { name: `bench-${n}` }, apiKey)
        const session = async () => (await fetch(`${gateway.url}/api/sessions/${sessionId}`, { headers: { 'x-api-key': apiKey } })).json() as Promise<{ qr?: string; status: string }>
        const qr = await waitUntil('a QR', async () => (await session()).qr ?? undefined, 30_000)
        await sandbox.api.scanQr(phone.pn, qr)
        await waitUntil('CONNECTED', async () => ((await session()).status === 'CONNECTED' ? true : undefined), 60_000)
        return phone
      }),
    )
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
    const hook = await post<{ id?: string }>(`${gateway.url}/api/webhooks`, { name: 'bench', url: receiverUrl, events: ['message.received'] }, apiKey)
    if (!hook.id) throw new Error(`could not create the webhook: ${JSON.stringify(hook)}`)

    const send = async (count: number, rate: number) => {
      const start = performance.now()
      let next = 0
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          for (let i = next++; i < count; i = next++) {
            const wait = start + (i * 1000) / rate - performance.now()
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
            await sandbox.api.sendMessage({ from: contacts[i % contacts.length]!.pn, to: phones[i % phones.length]!.pn, text: `pipeline ${i} ${randomUUID()}` })
          }
        }),
      )
    }
    const allDelivered = async (count: number) => {
      let last = -1
      let since = performance.now()
      while (delivered.size < count) {
        if (delivered.size !== last) [last, since] = [delivered.size, performance.now()]
        else if (performance.now() - since > 60_000) throw new Error(`webhooks stalled at ${delivered.size} of ${count}\n${gateway.output()}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    await send(WARM_UP, RATE)
    await allDelivered(WARM_UP)

    const cpuBefore = await gateway.cpuMs()
    const started = performance.now()
    await send(MESSAGES, RATE)
    const sendSeconds = (performance.now() - started) / 1000
    await allDelivered(WARM_UP + MESSAGES)
    const elapsedMs = performance.now() - started
    const cpuMs = (await gateway.cpuMs()) - cpuBefore
    return { msPerMessage: cpuMs / MESSAGES, cpuPercent: (cpuMs / elapsedMs) * 100, perSecond: MESSAGES / (elapsedMs / 1000), sendSeconds, seconds: elapsedMs / 1000 }
  } finally {
    await gateway.stop()
    receiver.close()
    await database.drop()
  }
}

/**
 * A gateway of `checkout` in this process (so an append wakes its consumers as one of its own would),
 * BATCHES batches appended through its event store once the start's catch-up is over; the events its
 * consumers read from the store per event appended.
 */
async function storeReads(checkout: string, databaseUrl: string): Promise<ReadsFigure> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wag-bench-pipeline-reads-'))
  const direct = await countPostgresStore(checkout)
  const { loadConfig } = await import(moduleOf(checkout, 'src/config.ts'))
  const { startGateway } = await import(moduleOf(checkout, 'src/gateway.ts'))
  const { createWhatsAppDriver } = await import(moduleOf(checkout, 'src/infra/whatsapp/create-whatsapp-driver.ts'))
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: path.join(dir, 'gateway'),
    DATABASE_URL: databaseUrl,
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'bench-password',
    LOG_LEVEL: 'error',
  })
  const gateway = await startGateway({ config, logger: pino({ level: 'error' }), driver: createWhatsAppDriver })
  try {
    await caughtUp(direct)
    const start = { direct: { ...direct.counts }, metrics: await scrape(gateway.url) }
    // A stream of a category every consumer sees, with a type none of them acts on: reading is what is measured.
    const stream = `messages-${randomUUID()}`
    for (let i = 0; i < BATCHES; i++) {
      await gateway.store.append(stream, Array.from({ length: EVENTS_PER_BATCH }, (_, n) => ({ type: 'bench.tick', data: { batch: i, n } })), 'any')
      await new Promise((resolve) => setTimeout(resolve, PACE_MS))
    }
    await caughtUp(direct)
    const end = { direct: { ...direct.counts }, metrics: await scrape(gateway.url) }
    const delta = (name: string) => (end.metrics.get(name) ?? 0) - (start.metrics.get(name) ?? 0)
    const directCount = direct.available
      ? {
          perBatch: (end.direct.readEvents - start.direct.readEvents) / (end.direct.appendedEvents - start.direct.appendedEvents),
          calls: (end.direct.reads - start.direct.reads) / BATCHES,
          callsWithEvents: (end.direct.readsWithEvents - start.direct.readsWithEvents) / BATCHES,
        }
      : undefined
    if (end.metrics.has('wag_event_store_read_events_total{operation="readAll"}')) {
      const perBatch = delta('wag_event_store_read_events_total{operation="readAll"}') / delta('wag_event_store_appended_events_total')
      return {
        perBatch,
        callsPerBatch: delta('wag_event_store_reads_total{operation="readAll"}') / BATCHES,
        callsWithEventsPerBatch: directCount?.callsWithEvents,
        seam: `from /metrics (counted on PostgresEventStore: ${directCount ? directCount.perBatch.toFixed(2) : 'n/a'})`,
      }
    }
    if (!directCount) throw new Error(`${checkout}: neither /metrics nor PostgresEventStore to count reads on`)
    return { perBatch: directCount.perBatch, callsPerBatch: directCount.calls, callsWithEventsPerBatch: directCount.callsWithEvents, seam: 'counted on PostgresEventStore' }
  } finally {
    await gateway.close()
    direct.restore()
  }
}

interface StoreCounts {
  reads: number
  readsWithEvents: number
  readEvents: number
  appendedEvents: number
}

/** Counts readAll and append on the Postgres event store class of `checkout`, whichever code calls them. */
async function countPostgresStore(checkout: string): Promise<{ counts: StoreCounts; available: boolean; restore: () => void }> {
  const counts: StoreCounts = { reads: 0, readsWithEvents: 0, readEvents: 0, appendedEvents: 0 }
  const file = path.join(checkout, 'src/infra/event-store/postgres/postgres-event-store.ts')
  if (!existsSync(file)) return { counts, available: false, restore: () => {} }
  const { PostgresEventStore } = await import(pathToFileURL(file).href)
  const proto = PostgresEventStore.prototype
  const { readAll, append } = proto
  proto.readAll = async function (this: unknown, ...args: unknown[]) {
    const events = (await readAll.apply(this, args)) as unknown[]
    counts.reads++
    if (events.length > 0) counts.readsWithEvents++
    counts.readEvents += events.length
    return events
  }
  proto.append = async function (this: unknown, ...args: unknown[]) {
    const result = await append.apply(this, args)
    counts.appendedEvents += (args[1] as unknown[]).length
    return result
  }
  return {
    counts,
    available: true,
    restore: () => Object.assign(proto, { readAll, append }),
  }
}

/** Waits until no read has returned events for QUIET_MS (every consumer at the head). */
async function caughtUp(direct: { counts: StoreCounts; available: boolean }): Promise<void> {
  if (!direct.available) {
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS * 2))
    return
  }
  const deadline = performance.now() + 120_000
  let seen = direct.counts.readEvents
  let since = performance.now()
  while (performance.now() - since < QUIET_MS) {
    if (performance.now() > deadline) throw new Error('the consumers never caught up')
    await new Promise((resolve) => setTimeout(resolve, 50))
    if (direct.counts.readEvents !== seen) [seen, since] = [direct.counts.readEvents, performance.now()]
  }
}

/** The event-store counters of /metrics, by series (empty for a gateway without /metrics). */
async function scrape(url: string): Promise<Map<string, number>> {
  const series = new Map<string, number>()
  const response = await fetch(`${url}/metrics`)
  if (!response.ok) return series
  for (const line of (await response.text()).split('\n')) {
    const match = /^(wag_event_store_[a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line)
    if (match) series.set(match[1]!, Number(match[2]))
  }
  return series
}

function median(runs: readonly CpuFigure[]): CpuFigure {
  return [...runs].sort((a, b) => a.msPerMessage - b.msPerMessage)[Math.floor((runs.length - 1) / 2)]!
}

function moduleOf(checkout: string, file: string): string {
  return pathToFileURL(path.join(checkout, file)).href
}

async function post<T = unknown>(url: string, body: unknown, key?: string): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}
