import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { loadConfig } from '../../src/config.ts'
import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway.ts'
import { createTestDatabase } from './postgres.ts'
import { ScriptedDriver } from './scripted-driver.ts'

export interface TestGateway {
  readonly gateway: Gateway
  readonly url: string
  readonly dataDir: string
  /** Every log line the gateway wrote, as text: for "no secret in the logs" checks. */
  logs(): string
  /** HTTP against the gateway, JSON in and out. */
  request(method: string, path: string, options?: { key?: string; cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>
  close(): Promise<void>
}

export interface TestGatewayOptions {
  readonly env?: Record<string, string>
  readonly driver?: GatewayOptions['driver']
  readonly database?: 'pglite' | 'postgres'
  /** Reuse a data directory (a restart). */
  readonly dataDir?: string
  readonly databaseUrl?: string
}

/** A whole gateway in this process on a random port, with its own data directory and captured logs. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'wag-gw-')))
  let dropDatabase: (() => Promise<void>) | undefined
  let databaseUrl = options.databaseUrl
  if (options.database === 'postgres' && !databaseUrl) {
    const created = await createTestDatabase()
    databaseUrl = created.url
    dropDatabase = created.drop
  }
  const lines: string[] = []
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    }),
  )
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    GATEWAY_TEST_ENDPOINTS: '1',
    LOG_LEVEL: 'debug',
    OUTBOUND_MIN_INTERVAL_MS: '0',
    OUTBOUND_JITTER_MS: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  })
  const driver = options.driver ?? (() => new ScriptedDriver())
  const gateway = await startGateway({ config, logger, driver, backoff: { baseMs: 20, maxMs: 200 } })
  const url = gateway.url
  return {
    gateway,
    url,
    dataDir,
    logs: () => lines.join(''),
    async request(method, urlPath, { key, cookie, body, headers = {} } = {}) {
      const response = await fetch(`${url}${urlPath}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'x-api-key': key } : {}),
          ...(cookie ? { cookie } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = text ? JSON.parse(text) : undefined
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed, headers: response.headers }
    },
    async close() {
      await gateway.close()
      await dropDatabase?.()
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
    },
  }
}
