import { pino } from 'pino'
import { createWhatsAppDriver } from '../../src/infra/whatsapp/create-whatsapp-driver.ts'
import { startSandbox, trustSandboxCertificate, type SandboxHandle } from '../../src/sandbox/index.ts'
import { eventually } from './eventually.ts'
import { startTestGateway, type TestGateway, type TestGatewayOptions } from './gateway-harness.ts'

export interface WhatsAppWorld {
  readonly sandbox: SandboxHandle
  readonly gateway: TestGateway
  /** An OWNER's API key. */
  readonly key: string
  close(): Promise<void>
}

/** The sandbox and a gateway wired to it with the real Baileys driver, plus an owner to act as. */
export async function startWhatsAppWorld(options: { sandbox?: SandboxHandle; gateway?: TestGatewayOptions } = {}): Promise<WhatsAppWorld> {
  trustSandboxCertificate()
  const sandbox = options.sandbox ?? (await startSandbox({ port: 0, logger: pino({ level: process.env.SANDBOX_LOG_LEVEL ?? 'silent' }) }))
  const gateway = await startTestGateway({
    driver: createWhatsAppDriver,
    ...options.gateway,
    env: { WA_WS_URL: sandbox.wsUrl, WA_KEEPALIVE_MS: '1000', ...options.gateway?.env },
  })
  const { body } = await gateway.request('POST', '/api/test/create-user')
  return {
    sandbox,
    gateway,
    key: body.apiKey,
    async close() {
      await gateway.close()
      if (!options.sandbox) await sandbox.close()
    },
  }
}

export async function sessionOf(world: Pick<WhatsAppWorld, 'gateway' | 'key'>, sessionId: string): Promise<Record<string, any>> {
  const { status, body } = await world.gateway.request('GET', `/api/sessions/${sessionId}`, { key: world.key })
  if (status !== 200) throw new Error(`GET session ${sessionId}: ${status} ${JSON.stringify(body)}`)
  return body
}

export function waitForStatus(world: Pick<WhatsAppWorld, 'gateway' | 'key'>, sessionId: string, status: string, timeoutMs = 20_000) {
  return eventually(
    async () => {
      const session = await sessionOf(world, sessionId)
      if (session.status !== status) throw new Error(`session ${sessionId} is ${session.status}, waiting for ${status}`)
      return session
    },
    { timeoutMs, intervalMs: 50 },
  )
}

/** Creates a session and links it to a new virtual phone by scanning its QR. */
export async function pairNewSession(world: WhatsAppWorld, name = 'Phone', config?: Record<string, unknown>): Promise<{ sessionId: string; phone: { pn: string; jid: string } }> {
  const phone = world.sandbox.api.createPhone({ name })
  const { body } = await world.gateway.request('POST', '/api/sessions', { key: world.key, body: { name, ...(config ? { config } : {}) } })
  const qr = await eventually(async () => {
    const { qr } = await sessionOf(world, body.sessionId)
    if (!qr) throw new Error('no QR yet')
    return qr as string
  })
  await world.sandbox.api.scanQr(phone.pn, qr)
  await waitForStatus(world, body.sessionId, 'CONNECTED')
  return { sessionId: body.sessionId, phone }
}

/** The statuses a session went through, from its connection.update events. */
export async function statusHistory(world: WhatsAppWorld, sessionId: string): Promise<Array<{ status: string; reason: string; qr: string | null }>> {
  const events = await world.gateway.gateway.store.readStream(`session-${sessionId}`)
  return events.filter((e) => e.type === 'connection.update').map((e) => e.data as { status: string; reason: string; qr: string | null })
}
