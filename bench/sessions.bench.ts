import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { percentile, type Figure } from './support/report.ts'
import { freePort, rssMb, startNode, stopProcess, waitUntil } from '../tests/support/processes.ts'

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100)
const PAIRING_CONCURRENCY = 8
const IDLE_MS = 15_000

/**
 * Memory per connected idle session: one gateway process with SESSIONS linked sessions, against the
 * same gateway with none (the same-run baseline). And the time from starting that gateway until every
 * session is CONNECTED again, beside its start-up time with no session.
 */
export async function sessionsBench(databaseUrl: string): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wag-bench-sessions-'))
  const sandboxPort = await freePort()
  const sandbox = startNode('src/sandbox/main.ts', { SANDBOX_PORT: String(sandboxPort), SANDBOX_DATA_DIR: path.join(dir, 'sandbox'), LOG_LEVEL: 'warn' })
  const admin = `http://127.0.0.1:${sandboxPort}/admin`
  await waitUntil('the sandbox', async () => ((await fetch(`${admin}/health`)).ok ? true : undefined), 30_000)

  const gatewayEnv = (port: number) => ({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: path.join(dir, 'gateway'),
    DATABASE_URL: databaseUrl,
    WA_WS_URL: `ws://127.0.0.1:${sandboxPort}/ws/chat`,
    GATEWAY_TEST_ENDPOINTS: '1',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'bench-password',
    LOG_LEVEL: 'warn',
  })
  const startGateway = async () => {
    const port = await freePort()
    const started = performance.now()
    const process = startNode('src/main.ts', gatewayEnv(port))
    const url = `http://127.0.0.1:${port}`
    await waitUntil('the gateway', async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${process.output()}`)
    })
    return { ...process, url, readyMs: performance.now() - started, started }
  }
  const idleRss = async (pid: number) => {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS))
    const samples: number[] = []
    for (let i = 0; i < 5; i++) {
      samples.push(await rssMb(pid))
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    return percentile(samples, 50)
  }

  try {
    // Baseline: the same gateway, no session.
    const empty = await startGateway()
    const emptyRss = await idleRss(empty.child.pid!)
    const emptyReadyMs = empty.readyMs
    await stopProcess(empty.child)

    // Link SESSIONS sessions, each to a virtual phone of its own.
    const linking = await startGateway()
    const { apiKey } = (await (await fetch(`${linking.url}/api/test/create-user`, { method: 'POST' })).json()) as { apiKey: string }
    const api = (method: string, p: string, body?: unknown) =>
      fetch(`${linking.url}${p}`, { method, headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json() as Promise<any>)
    let next = 0
    let linked = 0
    const linkOne = async () => {
      for (let n = next++; n < SESSIONS; n = next++) {
        const { sessionId } = await api('POST', '/api/sessions', { name: `bench-${n}` })
        const phone = (await (await fetch(`${admin}/phones`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { pn: string }
        const qr = await waitUntil(`a QR for ${sessionId}`, async () => (await api('GET', `/api/sessions/${sessionId}`)).qr ?? undefined, 30_000)
        await fetch(`${admin}/phones/${phone.pn}/scan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ qr }) })
        await waitUntil(`${sessionId} CONNECTED`, async () => ((await api('GET', `/api/sessions/${sessionId}`)).status === 'CONNECTED' ? true : undefined), 60_000)
        if (++linked % 20 === 0) console.error(`  linked ${linked}/${SESSIONS} sessions`)
      }
    }
    await Promise.all(Array.from({ length: PAIRING_CONCURRENCY }, linkOne))
    await stopProcess(linking.child)

    // A fresh process restores them all: time to every session CONNECTED, then its memory at rest.
    const port = await freePort()
    const started = performance.now()
    const full = startNode('src/main.ts', gatewayEnv(port))
    const url = `http://127.0.0.1:${port}`
    const connectedMs = await waitUntil(
      `all ${SESSIONS} sessions CONNECTED`,
      async () => {
        const sessions = (await (await fetch(`${url}/api/sessions`, { headers: { 'x-api-key': apiKey } })).json()) as Array<{ status: string }>
        return sessions.length === SESSIONS && sessions.every((s) => s.status === 'CONNECTED') ? performance.now() - started : undefined
      },
      120_000,
      50,
    )
    const fullRss = await idleRss(full.child.pid!)
    await stopProcess(full.child)

    const perSession = (fullRss - emptyRss) / SESSIONS
    return [
      { name: `gateway at rest, ${SESSIONS} sessions connected`, unit: 'MB RSS', ours: fullRss, baseline: emptyRss, better: 'lower', note: 'baseline: the same gateway with no session' },
      {
        name: 'memory per connected idle session',
        unit: 'MB',
        ours: perSession,
        baseline: 80,
        better: 'lower',
        max: 15,
        note: 'baseline column: WAHA NOWEB (Baileys) ~80 MB, from PRODUCT.md',
      },
      {
        name: `start to all ${SESSIONS} CONNECTED`,
        unit: 'ms',
        ours: connectedMs,
        baseline: emptyReadyMs,
        better: 'lower',
        note: 'baseline: start to ready with no session',
      },
    ]
  } finally {
    await stopProcess(sandbox.child)
  }
}
