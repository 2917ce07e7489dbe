import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/sandbox/index.ts'
import { freePort, startNode, stopProcess, waitUntil } from '../support/processes.ts'

const RECIPIENTS = 200

/** A gateway as its own process (so it can be SIGKILLed), on PGlite in a data directory that outlives it. */
async function startGatewayProcess(env: Record<string, string>) {
  const port = await freePort()
  const gateway = startNode('src/main.ts', { ...env, PORT: String(port), HOST: '127.0.0.1' })
  const url = `http://127.0.0.1:${port}`
  await waitUntil('the gateway', async () => ((await fetch(`${url}/readyz`)).ok ? true : undefined), 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${gateway.output()}`)
  })
  return { ...gateway, url }
}

describe('a broadcast killed with SIGKILL halfway', () => {
  it('resumes after a restart and messages each of 200 recipients exactly once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wag-broadcast-crash-'))
    const sandbox = await startSandbox({ port: 0, dataDir: path.join(dir, 'sandbox'), autoCreateContacts: true, logger: pino({ level: 'silent' }) })
    const env = {
      DATA_DIR: path.join(dir, 'gateway'),
      WA_WS_URL: sandbox.wsUrl,
      GATEWAY_TEST_ENDPOINTS: '1',
      BROADCAST_MIN_DELAY_MS: '5',
      BROADCAST_MAX_DELAY_MS: '25',
      OUTBOUND_MIN_INTERVAL_MS: '0',
      OUTBOUND_JITTER_MS: '0',
      LOG_LEVEL: 'warn',
    }
    try {
      let gateway = await startGatewayProcess(env)
      const { apiKey } = (await (await fetch(`${gateway.url}/api/test/create-user`, { method: 'POST' })).json()) as { apiKey: string }
      const api = async (method: string, p: string, body?: unknown) =>
        (await fetch(`${gateway.url}${p}`, { method, headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>

      const phone = sandbox.api.createPhone({ name: 'Crashy' })
      const { sessionId } = await api('POST', '/api/sessions', { name: 'Crashy' })
      const qr = await waitUntil('a QR', async () => (await api('GET', `/api/sessions/${sessionId}`)).qr ?? undefined, 20_000)
      await sandbox.api.scanQr(phone.pn, qr)
      await waitUntil('CONNECTED', async () => ((await api('GET', `/api/sessions/${sessionId}`)).status === 'CONNECTED' ? true : undefined), 20_000)

      const recipients = Array.from({ length: RECIPIENTS }, (_, n) => `1666${String(n).padStart(7, '0')}@s.whatsapp.net`)
      const since = sandbox.api.cursor()
      const { broadcastId } = await api('POST', '/api/messages/broadcast', { sessionId, recipients, message: 'Exactly once' })
      await waitUntil('half the recipients', async () => (sandbox.api.listSent({ phone: phone.pn, since }).length >= RECIPIENTS / 2 ? true : undefined), 60_000, 5)
      await stopProcess(gateway.child, 'SIGKILL')
      const atKill = sandbox.api.listSent({ phone: phone.pn, since }).length
      expect(atKill).toBeLessThan(RECIPIENTS)

      gateway = await startGatewayProcess(env)
      const done = await waitUntil(
        'the broadcast to complete',
        async () => {
          const view = await api('GET', `/api/messages/broadcast/${broadcastId}`)
          return view.status === 'COMPLETED' ? view : undefined
        },
        90_000,
        200,
      )
      await stopProcess(gateway.child)
      expect(done).toMatchObject({ total: RECIPIENTS, sent: RECIPIENTS, failed: 0, pending: 0 })

      const sent = sandbox.api.listSent({ phone: phone.pn, since })
      const perRecipient = new Map<string, number>()
      for (const record of sent) perRecipient.set(record.to, (perRecipient.get(record.to) ?? 0) + 1)
      expect([...perRecipient.keys()].sort()).toEqual([...recipients].sort())
      expect([...perRecipient.values()].filter((n) => n !== 1)).toEqual([])
      expect(new Set(sent.map((r) => r.text))).toEqual(new Set(['Exactly once']))
    } finally {
      await sandbox.close()
    }
  }, 240_000)
})
