import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrateToLatest } from '../../src/infra/db/migrate.ts'
import { openDatabase } from '../../src/infra/db/open-database.ts'
import { PostgresEventStore } from '../../src/infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../../src/infra/logger.ts'
import { ProjectionRunner } from '../../src/consumers/projection-runner.ts'
import { createTestDatabase, DATABASE_URL } from '../support/postgres.ts'
import { ledgerProjection } from './ledger-projection.ts'

const WORKER = path.join(import.meta.dirname, 'append-worker.ts')
const ACKS_BEFORE_KILL = 600

/** Runs the worker until it has acknowledged enough events, kills it with SIGKILL, returns the acknowledged ids. */
async function runAndKill(target: string): Promise<Set<string>> {
  const child = spawn(process.execPath, [WORKER, target, '8'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const acked = new Set<string>()
  let buffer = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`worker exited early (${code}): ${stderr}`)))
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop()!
      for (const line of lines) if (line.startsWith('ack ')) acked.add(line.slice(4))
      if (acked.size >= ACKS_BEFORE_KILL) {
        child.removeAllListeners('exit')
        child.kill('SIGKILL')
        child.on('exit', () => resolve())
      }
    })
  })
  return acked
}

async function verify(target: string, acked: Set<string>): Promise<void> {
  const handle = await openDatabase<any>(target.startsWith('postgres') ? { url: target } : { dataDir: target })
  try {
    await migrateToLatest(handle.db)
    const store = new PostgresEventStore(handle.db)
    // Every acknowledged event survived the kill.
    const all = []
    for (let after = 0n; ; ) {
      const page = await store.readAll({ after, limit: 1000 })
      if (page.length === 0) break
      all.push(...page)
      after = page.at(-1)!.position
    }
    const stored = new Set(all.map((e) => e.id))
    const lost = [...acked].filter((id) => !stored.has(id))
    expect(lost).toEqual([])
    expect(stored.size).toBe(all.length)

    // A consumer restarted after the crash resumes from its checkpoint and ends with every event exactly once.
    const runner = new ProjectionRunner({ db: handle.db, store, logger: silentLogger, projections: [ledgerProjection] })
    await runner.start()
    expect(await runner.waitFor(ledgerProjection.name, all.at(-1)!.position, 30_000)).toBe(true)
    await runner.stop()
    const { rows } = await sql<{ event_id: string; n: string }>`
      SELECT event_id::text, count(*)::text AS n FROM crash_ledger GROUP BY event_id`.execute(handle.db)
    const twice = rows.filter((r) => r.n !== '1')
    expect(twice).toEqual([])
    const ledger = new Set(rows.map((r) => r.event_id))
    expect([...stored].filter((id) => !ledger.has(id))).toEqual([])
    expect(ledger.size).toBe(stored.size)
  } finally {
    await handle.close()
  }
}

describe('SIGKILL in the middle of concurrent appends', () => {
  it('loses no acknowledged event and leaves nothing a consumer skips (PGlite, embedded)', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'wag-crash-')), 'pglite')
    const acked = await runAndKill(dir)
    expect(acked.size).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL)
    await verify(dir, acked)
  }, 120_000)

  it.skipIf(!DATABASE_URL)('loses no acknowledged event and leaves nothing a consumer skips (Postgres)', async () => {
    const { url, drop } = await createTestDatabase()
    try {
      const acked = await runAndKill(url)
      expect(acked.size).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL)
      await verify(url, acked)
    } finally {
      await drop()
    }
  }, 120_000)
})
