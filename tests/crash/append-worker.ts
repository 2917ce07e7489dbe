/**
 * A process that appends concurrently and prints each acknowledged event id ("ack <id>"), while a
 * projection in the same process records every event it applies. The crash test kills it with SIGKILL.
 * Usage: node append-worker.ts <postgres-url | pglite-dir> <writers>
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { migrateToLatest } from '../../src/infra/db/migrate.ts'
import { openDatabase } from '../../src/infra/db/open-database.ts'
import { PostgresEventStore } from '../../src/infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../../src/infra/logger.ts'
import { ProjectionRunner } from '../../src/consumers/projection-runner.ts'
import { ledgerProjection } from './ledger-projection.ts'

const [target = '', writersArg = '8'] = process.argv.slice(2)
const handle = await openDatabase<any>(target.startsWith('postgres') ? { url: target, poolSize: 12 } : { dataDir: target })
await migrateToLatest(handle.db)
await sql`CREATE TABLE IF NOT EXISTS crash_ledger (event_id uuid NOT NULL, position bigint NOT NULL)`.execute(handle.db)
const store = new PostgresEventStore(handle.db)
const runner = new ProjectionRunner({ db: handle.db, store, logger: silentLogger, projections: [ledgerProjection], batchSize: 50 })
await runner.start()
process.stdout.write('ready\n')

const writer = async (n: number) => {
  const own = `crash-${n}-${randomUUID()}`
  for (let i = 0; ; i++) {
    // Half the appends go to a stream shared by every writer, to race on its revision.
    const streamId = i % 2 === 0 ? own : 'crash-shared'
    const events = Array.from({ length: 1 + (i % 3) }, () => ({ id: randomUUID(), type: 'crash.tick', data: { n, i } }))
    await store.append(streamId, events, 'any')
    process.stdout.write(events.map((e) => `ack ${e.id}\n`).join(''))
  }
}
await Promise.all(Array.from({ length: Number(writersArg) }, (_, n) => writer(n)))
