import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { GatewayConfig } from '../config.ts'
import { EventParking } from '../consumers/parking/event-parking.ts'
import { observeAppends } from '../consumers/observe-appends.ts'
import { SharedEventFeed } from '../consumers/shared-event-feed.ts'
import { WHATSAPP_RECORDER } from '../actors/session/session-actor.ts'
import type { EventStore } from '../domain/ports/event-store.ts'
import { storableValue } from '../domain/text/storable-text.ts'
import { migrateToLatest } from '../infra/db/migrate.ts'
import { openDatabase } from '../infra/db/open-database.ts'
import { openEventStore } from '../infra/event-store/open-event-store.ts'
import { instrumentEventStore } from '../infra/metrics/instrumented-event-store.ts'
import type { PrometheusMetrics } from '../infra/metrics/prometheus-metrics.ts'
import type { Closers } from './closers.ts'
import type { Database } from './database.ts'

export interface Storage {
  readonly db: Kysely<Database>
  readonly store: EventStore
  /** The one reader of the log in this process: every projection and reactor reads its batches from it. */
  readonly feed: SharedEventFeed
  /** Where a consumer parks an event it cannot handle (GET /api/admin/parked-events), and goes on. */
  readonly parking: EventParking
}

/**
 * The adapters behind the storage ports: Postgres (DATABASE_URL) or PGlite in the data directory for
 * read models, checkpoints and auth; the event store there or in KurrentDB (KURRENTDB_URL, checked at
 * once, or the start fails saying what to do).
 */
export async function openStorage(config: GatewayConfig, log: Logger, metrics: PrometheusMetrics, closers: Closers): Promise<Storage> {
  const database = await openDatabase<Database>(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') })
  closers.push(() => database.close())
  const db = database.db
  const applied = await migrateToLatest(db)
  log.info({ database: database.kind, migrations: applied }, 'database ready')

  // Every append that commits here tells the feed its position (see SharedEventFeed.appended).
  let appended = (_position: bigint) => {}
  const store = observeAppends(instrumentEventStore(await openEventStore({ kurrentDbUrl: config.kurrentDbUrl, db, logger: log }), metrics), (position) => appended(position))
  closers.push(() => store.close())
  const feed = new SharedEventFeed({ store, logger: log })
  await feed.start()
  appended = (position) => feed.appended(position)
  closers.push(() => feed.stop())

  const parking = new EventParking({ db, store, logger: log })
  parking.register(WHATSAPP_RECORDER, async (event) => {
    // Traffic the store refused: recorded now as the driver's edge would have made it storable.
    await store.append(event.streamId, [storableValue({ id: event.id, type: event.type, data: event.data, metadata: event.metadata })])
  })
  return { db, store, feed, parking }
}
