import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { startGateway } from '../../src/gateway.ts'
import { ScriptedDriver } from '../support/scripted-driver.ts'
import { freePort } from '../support/processes.ts'

describe('a gateway with KURRENTDB_URL', () => {
  it('does not start when KurrentDB cannot be reached, and says what to do', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'wag-kdb-'))
    try {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, KURRENTDB_URL: `kurrentdb://127.0.0.1:${await freePort()}?tls=false` })
      const started = startGateway({ config, logger: pino({ level: 'silent' }), driver: () => new ScriptedDriver() })
      await expect(started).rejects.toThrow(/cannot reach KurrentDB at kurrentdb:\/\/127\.0\.0\.1:\d+\?tls=false \(KURRENTDB_URL\): no server answers there.*unset KURRENTDB_URL/)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('refuses a KURRENTDB_URL that is no KurrentDB connection string', () => {
    expect(() => loadConfig({ KURRENTDB_URL: 'postgres://127.0.0.1/db' })).toThrow(/KURRENTDB_URL must be a KurrentDB connection string/)
  })
})
