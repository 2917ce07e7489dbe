import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../src/sandbox/index.ts'
import { freePort, startNode, stopProcess, waitUntil } from '../support/processes.ts'

const CONTACTS = 16

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

describe('auto-replies killed with SIGKILL halfway through a burst', () => {
  it('answer every contact after the restart, none of them twice', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'wag-autoreply-crash-'))
    const sandbox = await startSandbox({ port: 0, dataDir: path.join(dir, 'sandbox'), logger: pino({ level: 'silent' }) })
    const env = {
      DATA_DIR: path.join(dir, 'gateway'),
      WA_WS_URL: sandbox.wsUrl,
      GATEWAY_TEST_ENDPOINTS: '1',
      // Paced, so that the kill lands while replies are still going out.
      OUTBOUND_MIN_INTERVAL_MS: '80',
      OUTBOUND_JITTER_MS: '0',
      LOG_LEVEL: 'warn',
    }
    let gateway = await startGatewayProcess(env)
    try {
      const { apiKey } = (await (await fetch(`${gateway.url}/api/test/create-user`, { method: 'POST' })).json()) as { apiKey: string }
      const api = async (method: string, p: string, body?: unknown) =>
        (await fetch(`${gateway.url}${p}`, { method, headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).json() as Promise<any>

      const phone = sandbox.api.createPhone({ name: 'Shop' })
      const { sessionId } = await api('POST', '/api/sessions', { name: 'Shop', config: { autoReplyEnabled: true } })
      const qr = await waitUntil('a QR', async () => (await api('GET', `/api/sessions/${sessionId}`)).qr ?? undefined, 20_000)
      await sandbox.api.scanQr(phone.pn, qr)
      await waitUntil('CONNECTED', async () => ((await api('GET', `/api/sessions/${sessionId}`)).status === 'CONNECTED' ? true : undefined), 20_000)
      expect(await api('POST', '/api/autoreplies', { sessionId, keyword: 'hello', response: 'Hi! We answer within the hour.', matchType: 'CONTAINS' })).toMatchObject({ id: expect.any(String) })

      const contacts = Array.from({ length: CONTACTS }, (_, n) => sandbox.api.createContact({ name: `Customer ${n}` }))
      const since = sandbox.api.cursor()
      const answered = () => new Set(sandbox.api.listSent({ phone: phone.pn, since }).map((r) => r.recipient.pn)).size
      for (const contact of contacts) await sandbox.api.sendMessage({ from: contact.pn, to: phone.pn, text: `hello, I am ${contact.name}` })
      await waitUntil('a third of the replies', async () => (answered() >= CONTACTS / 3 ? true : undefined), 60_000, 5)
      await stopProcess(gateway.child, 'SIGKILL')
      expect(answered()).toBeLessThan(CONTACTS)

      gateway = await startGatewayProcess(env)
      // A reply whose send the kill cut short keeps its idempotency claim until the claim counts as
      // abandoned (2 minutes): at most one such reply, since a session sends one at a time.
      await waitUntil('the other replies', async () => (answered() >= CONTACTS - 1 ? true : undefined), 90_000, 50)
      const sent = sandbox.api.listSent({ phone: phone.pn, since })
      const perContact = new Map<string, number>()
      for (const record of sent) perContact.set(record.recipient.pn!, (perContact.get(record.recipient.pn!) ?? 0) + 1)
      expect([...perContact.values()].filter((n) => n !== 1)).toEqual([])
      expect(new Set(sent.map((r) => r.text))).toEqual(new Set(['Hi! We answer within the hour.']))
    } finally {
      await stopProcess(gateway.child)
      await sandbox.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 240_000)
})
