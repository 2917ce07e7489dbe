import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import type { EventMetadata } from '../src/domain/ports/event-store.ts'
import { migrateToLatest } from '../src/infra/db/migrate.ts'
import { openDatabase } from '../src/infra/db/open-database.ts'
import { PostgresEventStore } from '../src/infra/event-store/postgres/postgres-event-store.ts'
import { silentLogger } from '../src/infra/logger.ts'
import type { Projection } from '../src/consumers/projection.ts'
import { ProjectionRunner } from '../src/consumers/projection-runner.ts'
import { percentile, throughput, type Figure } from './support/report.ts'

const CONCURRENCY = 8
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 1500)
/** Short alternating rounds, compared by their median: a burst of load elsewhere hits one round, not a whole side. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6)

const payload = (i: number) => ({ keyId: `3EB0${i}`, remoteJid: '6287748687946@s.whatsapp.net', text: 'Hello from the benchmark!', n: i })
const metadata: EventMetadata = { actor: { kind: 'system', id: 'bench' }, schemaVersion: 1 }

/** The same rows, as plain INSERTs through pg into a table with the same columns and indexes: the physical limit. */
const BASELINE_TABLE = sql`
  CREATE TABLE baseline_events (
    position bigserial PRIMARY KEY,
    id uuid NOT NULL UNIQUE,
    stream_id text NOT NULL,
    revision integer NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream_id, revision)
  );
  CREATE INDEX baseline_events_type_position ON baseline_events (type, position);`

export async function eventStoreBench(url: string): Promise<Figure[]> {
  const handle = await openDatabase<any>({ url, poolSize: CONCURRENCY + 2 })
  await migrateToLatest(handle.db)
  await sql`${BASELINE_TABLE}`.execute(handle.db)
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY + 2 })
  const store = new PostgresEventStore(handle.db)
  const revisions = new Map<string, number>()

  const baselineInsert = async (streamId: string, count: number) => {
    const first = revisions.get(streamId) ?? 0
    revisions.set(streamId, first + count)
    const ids = Array.from({ length: count }, () => randomUUID())
    const data = ids.map((_, i) => JSON.stringify(payload(first + i)))
    if (count === 1) {
      await pool.query(
        'INSERT INTO baseline_events (id, stream_id, revision, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)',
        [ids[0], streamId, first, 'message.received', data[0], JSON.stringify(metadata)],
      )
    } else {
      await pool.query(
        `INSERT INTO baseline_events (id, stream_id, revision, type, data, metadata)
         SELECT id, $2, $3::int + ord::int - 1, 'message.received', d, m
         FROM unnest($1::uuid[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY AS t(id, d, m, ord)`,
        [ids, streamId, first, data, ids.map(() => JSON.stringify(metadata))],
      )
    }
    return count
  }
  const storeAppend = async (streamId: string, count: number) => {
    const events = Array.from({ length: count }, (_, i) => ({ type: 'message.received', data: payload(i), metadata }))
    await store.append(streamId, events, 'any')
    return count
  }

  const streams = (prefix: string) => Array.from({ length: CONCURRENCY }, (_, i) => `${prefix}-${i}-${randomUUID()}`)
  const measure = async (batch: number) => {
    const ours: number[] = []
    const base: number[] = []
    // Warm both paths, then alternate so drift on a noisy machine hits both alike.
    const warmB = streams('warm-b')
    const warmO = streams('session')
    await throughput(CONCURRENCY, 500, (w) => baselineInsert(warmB[w]!, batch))
    await throughput(CONCURRENCY, 500, (w) => storeAppend(warmO[w]!, batch))
    for (let round = 0; round < ROUNDS; round++) {
      const b = streams('base')
      base.push(await throughput(CONCURRENCY, PHASE_MS, (w) => baselineInsert(b[w]!, batch)))
      const o = streams('session')
      ours.push(await throughput(CONCURRENCY, PHASE_MS, (w) => storeAppend(o[w]!, batch)))
    }
    return { ours: median(ours), baseline: median(base) }
  }

  const single = await measure(1)
  const batched = await measure(100)

  // Read-all: the whole log in pages of 1000, against keyset pages of the baseline table.
  const readLimit = 200_000
  const readOurs = await timed(async () => {
    let n = 0
    for (let after = 0n; n < readLimit; ) {
      const page = await store.readAll({ after, limit: 1000 })
      if (page.length === 0) break
      n += page.length
      after = page.at(-1)!.position
    }
    return n
  })
  const readBase = await timed(async () => {
    let n = 0
    for (let after = '0'; n < readLimit; ) {
      const { rows } = await pool.query('SELECT * FROM baseline_events WHERE position > $1 ORDER BY position LIMIT 1000', [after])
      if (rows.length === 0) break
      n += rows.length
      after = rows.at(-1).position
    }
    return n
  })

  // Projection lag: appends at full speed on 8 streams while a projection consumes; lag = ack to applied.
  await sql`CREATE TABLE bench_projection (id uuid PRIMARY KEY, stream_id text NOT NULL)`.execute(handle.db)
  const projection: Projection = {
    name: 'bench-lag',
    eventTypes: ['bench.lag'],
    async apply(db, events) {
      await db.insertInto('bench_projection').values(events.map((e) => ({ id: e.id, stream_id: e.streamId }))).execute()
    },
    async reset(db) {
      await db.deleteFrom('bench_projection').execute()
    },
  }
  await handle.db.insertInto('checkpoints').values({ name: projection.name, position: await store.headPosition() }).execute()
  const runner = new ProjectionRunner({ db: handle.db, store, logger: silentLogger, projections: [projection] })
  await runner.start()
  const lags: number[] = []
  const pending: Promise<void>[] = []
  const lagStreams = streams('lag')
  await throughput(CONCURRENCY, 4000, async (w) => {
    const { position } = await store.append(lagStreams[w]!, [{ type: 'bench.lag', data: payload(0), metadata }])
    const acked = performance.now()
    pending.push(runner.waitFor(projection.name, position, 30_000).then(() => void lags.push(performance.now() - acked)))
    return 1
  })
  await Promise.all(pending)
  await runner.stop()
  const insertLatencies: number[] = []
  const latencyStream = `lat-${randomUUID()}`
  for (let i = 0; i < 500; i++) {
    const started = performance.now()
    await baselineInsert(latencyStream, 1)
    insertLatencies.push(performance.now() - started)
  }

  await pool.end()
  await handle.close()
  return [
    { name: '(a) append, 1 event per append, 8 streams', unit: 'events/s', ours: single.ours, baseline: single.baseline, better: 'higher', target: 0.5 },
    { name: '(b) append, batches of 100, 8 streams', unit: 'events/s', ours: batched.ours, baseline: batched.baseline, better: 'higher', target: 0.7 },
    { name: 'read-all, pages of 1000', unit: 'events/s', ours: readOurs, baseline: readBase, better: 'higher' },
    {
      name: 'projection lag p50 (ack → applied)',
      unit: 'ms',
      ours: percentile(lags, 50),
      baseline: percentile(insertLatencies, 50),
      better: 'lower',
      note: 'baseline: one INSERT round trip',
    },
    {
      name: 'projection lag p99 (ack → applied)',
      unit: 'ms',
      ours: percentile(lags, 99),
      baseline: percentile(insertLatencies, 99),
      better: 'lower',
      note: `${lags.length} events appended at full speed while consuming`,
    },
  ]
}

const median = (values: number[]) => percentile(values, 50)

async function timed(work: () => Promise<number>): Promise<number> {
  const started = performance.now()
  const units = await work()
  return units / ((performance.now() - started) / 1000)
}
