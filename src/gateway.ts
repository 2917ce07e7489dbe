import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { hostedSessionCommands } from './actors/hosted-session-commands.ts'
import { SessionRegistry } from './actors/session-registry.ts'
import type { BackoffPolicy } from './domain/retry/backoff.ts'
import { createAppContext, type AppContext } from './app/app-context.ts'
import type { AppDeps, IdentityDeps, ReadModels } from './app/app-deps.ts'
import { Authenticator } from './app/identity/authenticator.ts'
import { bootstrapAdmin } from './app/identity/bootstrap-admin.ts'
import { requestAuthenticator } from './http/auth/request-auth.ts'
import { auditRoutes } from './http/routes/audit-routes.ts'
import { identityRoutes } from './http/routes/identity-routes.ts'
import { sessionRoutes } from './http/routes/session-routes.ts'
import { chatRoutes } from './http/routes/chat-routes.ts'
import { groupRoutes } from './http/routes/group-routes.ts'
import { broadcastRoutes } from './http/routes/broadcast-routes.ts'
import { messageRoutes } from './http/routes/message-routes.ts'
import { mediaRoutes } from './http/routes/media-routes.ts'
import { schedulerRoutes } from './http/routes/scheduler-routes.ts'
import { schedulesProjection } from './projections/scheduler/schedules-projection.ts'
import { ScheduleDispatcher } from './reactors/scheduler/schedule-dispatcher.ts'
import { FileMediaStore } from './infra/media/file-media-store.ts'
import type { WhatsAppDriverContext } from './infra/whatsapp/create-whatsapp-driver.ts'
import { sharpStickerMaker } from './infra/media/sticker.ts'
import { broadcastsProjection } from './projections/broadcasts/broadcasts-projection.ts'
import { BroadcastRunner } from './reactors/broadcasts/broadcast-runner.ts'
import { autoRepliesProjection } from './reactors/autoreplies/autoreplies-projection.ts'
import { AutoReplySender } from './reactors/autoreplies/auto-reply-sender.ts'
import { WorkerRegexEngine } from './infra/regex/worker-regex-engine.ts'
import { autoReplyRoutes } from './http/routes/autoreply-routes.ts'
import { groupsProjection } from './projections/groups/groups-projection.ts'
import { messagesProjection } from './projections/messages/messages-projection.ts'
import { chatsProjection } from './projections/chats/chats-projection.ts'
import { identitiesProjection } from './projections/identities/identities-projection.ts'
import { testRoutes } from './http/routes/test-routes.ts'
import { sandboxRoutes } from './http/routes/sandbox-routes.ts'
import { serverInfoRoutes } from './http/routes/server-info-routes.ts'
import { uploadRoutes } from './http/routes/upload-routes.ts'
import { DASHBOARD_DIST, dashboardStatic } from './http/dashboard/dashboard-static.ts'
import { AesSecretBox } from './infra/crypto/aes-secret-box.ts'
import { Argon2PasswordHasher } from './infra/crypto/argon2-password-hasher.ts'
import { HmacTokenHasher } from './infra/crypto/hmac-token-hasher.ts'
import { auditProjection } from './projections/audit/audit-projection.ts'
import type { WaAuthTables } from './infra/whatsapp/auth/tables.ts'
import { usersProjection } from './projections/users/users-projection.ts'
import type { GatewayConfig } from './config.ts'
import type { Bus } from './domain/ports/bus.ts'
import type { EventStore, StoredEvent } from './domain/ports/event-store.ts'
import type { WhatsAppDriver } from './domain/ports/whatsapp-driver.ts'
import { healthRoutes } from './http/routes/health-routes.ts'
import { HttpServer } from './http/http-server.ts'
import type { Route } from './http/route.ts'
import { InProcessBus } from './infra/bus/in-process-bus.ts'
import { NatsBus } from './infra/bus/nats-bus.ts'
import { loadSecretKey } from './infra/crypto/secret-key.ts'
import { migrateToLatest } from './infra/db/migrate.ts'
import { openDatabase, type DatabaseHandle } from './infra/db/open-database.ts'
import { openEventStore } from './infra/event-store/open-event-store.ts'
import type { EventStoreTables } from './infra/event-store/postgres/tables.ts'
import type { EventStoreOriginTables } from './infra/event-store/origin/tables.ts'
import { createLogger } from './infra/logger.ts'
import { announceFirstAdmin } from './infra/first-start-banner.ts'
import { listenAddress, listeningMessage } from './http/listen-address.ts'
import { LocalPlacement } from './infra/placement/local-placement.ts'
import { GuardedMediaResolver } from './infra/media/guarded-media-resolver.ts'
import { PostgresIdempotencyStore, type IdempotencyTables } from './infra/idempotency/postgres-idempotency-store.ts'
import { NatsKvPlacement } from './infra/placement/nats-kv-placement.ts'
import type { SessionPlacement } from './domain/ports/placement.ts'
import { startEventRelay } from './reactors/event-relay.ts'
import type { CheckpointTables } from './consumers/checkpoints/tables.ts'
import { ProjectionRunner } from './consumers/projection-runner.ts'
import { SharedEventFeed } from './consumers/shared-event-feed.ts'
import { observeAppends } from './consumers/observe-appends.ts'
import { sessionsProjection } from './projections/sessions/sessions-projection.ts'
import { webhookRoutes } from './http/routes/webhook-routes.ts'
import { checkWebhookTarget, HttpWebhookSender } from './infra/net/webhook-http-sender.ts'
import { checkOutboundUrl } from './infra/net/outbound-http.ts'
import { startWebhookDelivery } from './reactors/webhooks/start-webhook-delivery.ts'
import { createWebhooksProjection } from './reactors/webhooks/webhooks-projection.ts'
import { SocketGateway } from './realtime/socket-gateway.ts'
import { EventParking } from './consumers/parking/event-parking.ts'
import type { ParkedEventsTables } from './consumers/parking/tables.ts'
import { parkedEventRoutes } from './http/routes/parked-event-routes.ts'
import { WHATSAPP_RECORDER } from './actors/session/session-actor.ts'
import { storableValue } from './domain/text/storable-text.ts'
import { PrometheusMetrics } from './infra/metrics/prometheus-metrics.ts'
import { instrumentEventStore } from './infra/metrics/instrumented-event-store.ts'
import { metricsRoutes } from './http/routes/metrics-routes.ts'
import { docsRoutes } from './http/openapi/docs-routes.ts'
import { countDeadLetters } from './reactors/webhooks/delivery/count-dead-letters.ts'
import { countParkedEvents } from './consumers/parking/count-parked-events.ts'

export type Database = EventStoreTables & EventStoreOriginTables & CheckpointTables & ReadModels & WaAuthTables & IdempotencyTables & ParkedEventsTables

/** How long a dashboard login lasts. */
const LOGIN_TTL_MS = 7 * 24 * 60 * 60 * 1000

export interface GatewayOptions {
  readonly config: GatewayConfig
  /** The WhatsApp driver; tests pass a scripted one. */
  readonly driver: (context: WhatsAppDriverContext) => WhatsAppDriver
  readonly logger?: Logger
  readonly backoff?: BackoffPolicy
}

export interface Gateway {
  readonly url: string
  readonly port: number
  readonly logger: Logger
  readonly store: EventStore
  readonly bus: Bus
  readonly db: Kysely<Database>
  readonly registry: SessionRegistry
  readonly projections: ProjectionRunner
  readonly app: AppContext
  /** Every HTTP route this gateway mounted (for the API document and the fuzz suite). */
  readonly routes: readonly Route<any, any, any>[]
  /** Graceful shutdown: stop taking requests, finish those in flight, close sockets, flush appends. */
  close(): Promise<void>
}

/** The composition root: the only place that knows every adapter. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat })
  const log = logger.child({ nodeId: config.nodeId })
  const closers: Array<() => Promise<void>> = []
  const close = async () => {
    for (const closer of closers.reverse().splice(0)) {
      try {
        await closer()
      } catch (error) {
        log.error({ err: error }, 'error during shutdown')
      }
    }
  }

  try {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
    const secret = await loadSecretKey({ secret: config.secretKey, dataDir: config.dataDir })
    if (secret.source === 'generated') log.warn({ file: path.join(config.dataDir, 'secret.key') }, 'generated a new secret key; back it up with the data')
    if (secret.source !== 'env' && (config.databaseUrl || config.natsUrl)) {
      log.warn('GATEWAY_SECRET_KEY is not set: every node of a cluster needs the same one')
    }

    const database: DatabaseHandle<Database> = await openDatabase<Database>(
      config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, 'pglite') },
    )
    closers.push(() => database.close())
    const db = database.db
    const applied = await migrateToLatest(db)
    log.info({ database: database.kind, migrations: applied }, 'database ready')

    // A registry per gateway: several gateways may share one process (tests).
    const metrics = new PrometheusMetrics()
    // KURRENTDB_URL: the events in KurrentDB (checked at once, or the start fails saying what to do); the rest stays here.
    // Every append that commits here tells the feed its position (see SharedEventFeed.appended).
    let appended = (_position: bigint) => {}
    const store = observeAppends(instrumentEventStore(await openEventStore({ kurrentDbUrl: config.kurrentDbUrl, db, logger: log }), metrics), (position) => appended(position))
    closers.push(() => store.close())
    // The one reader of the log in this process: every projection and reactor reads its batches from it.
    const feed = new SharedEventFeed({ store, logger: log })
    await feed.start()
    appended = (position) => feed.appended(position)
    closers.push(() => feed.stop())
    // A consumer parks an event it cannot handle (GET /api/admin/parked-events) and goes on.
    const parking = new EventParking({ db, store, logger: log })
    parking.register(WHATSAPP_RECORDER, async (event) => {
      // Traffic the store refused: recorded now as the driver's edge would have made it storable.
      await store.append(event.streamId, [storableValue({ id: event.id, type: event.type, data: event.data, metadata: event.metadata })])
    })

    const nats = config.natsUrl ? await NatsBus.connect({ url: config.natsUrl, name: config.nodeId, logger: log }) : undefined
    const bus: Bus = nats ?? new InProcessBus()
    closers.push(() => bus.close())
    const leases = nats ? await NatsKvPlacement.open({ connection: nats.connection, nodeId: config.nodeId, ttlMs: config.leaseTtlMs, logger: log }) : undefined
    const placement: SessionPlacement = leases ?? new LocalPlacement()
    closers.push(() => placement.close())
    // Appends on other nodes wake this node's consumers at once.
    if (config.natsUrl) bus.onEvents((events) => feed.appended(events.reduce((last, e) => (e.position > last ? e.position : last), 0n)))
    log.info({ bus: config.natsUrl ? 'nats' : 'in-process' }, 'bus ready')

    const regex = new WorkerRegexEngine({ timeoutMs: config.autoReply.regexTimeoutMs, logger: log })
    closers.push(() => regex.close())
    const autoReplies = autoRepliesProjection({ regex, policy: config.autoReply, logger: log, now: () => new Date() })
    const projections = new ProjectionRunner({
      db,
      store,
      feed,
      logger: log,
      parking,
      projections: [
        sessionsProjection,
        usersProjection,
        auditProjection,
        messagesProjection,
        chatsProjection,
        groupsProjection,
        identitiesProjection,
        broadcastsProjection,
        schedulesProjection,
        createWebhooksProjection(),
        autoReplies,
      ],
    })
    for (const name of projections.names) parking.register(name, (event, trx) => projections.reapply(name, event as StoredEvent, trx), { transactional: true })
    await projections.start()
    closers.push(() => projections.stop())

    const stopRelay = await startEventRelay({ store, feed, bus, logger: log, parking })
    closers.push(stopRelay)

    const media = new FileMediaStore(config.dataDir)
    const driver = options.driver({
      db,
      secretKey: secret.key,
      logger: log,
      media,
      webSocketUrl: config.waWebSocketUrl,
      keepAliveIntervalMs: config.waKeepAliveMs,
      baileysLogLevel: config.baileysLogLevel,
      presenceUpdates: config.presenceUpdates,
    })
    const registry = new SessionRegistry({
      store,
      bus,
      driver,
      placement,
      logger: log,
      nodeId: config.nodeId,
      backoff: options.backoff,
      media: new GuardedMediaResolver({ allowPrivateNetworks: config.allowPrivateNetworks }),
      idempotency: new PostgresIdempotencyStore(db),
      pacing: config.outboundPacing,
      metrics,
      parking,
    })
    closers.push(() => registry.shutdown())

    const identity: IdentityDeps = {
      passwords: new Argon2PasswordHasher(),
      apiKeys: { hasher: new HmacTokenHasher(secret.key, 'api-keys'), box: new AesSecretBox(secret.key, 'api-keys') },
      logins: { hasher: new HmacTokenHasher(secret.key, 'logins'), ttlMs: LOGIN_TTL_MS },
    }
    const webhookBox = new AesSecretBox(secret.key, 'webhooks')
    const webhooks = { box: webhookBox, checkTargetUrl: (url: string) => checkWebhookTarget(url, config.allowPrivateNetworks) }
    const deps: AppDeps = {
      db,
      store,
      registry,
      projections,
      logger: log,
      identity,
      webhooks,
      stickers: sharpStickerMaker,
      media,
      repeatedSends: config.repeatedSends,
      scheduler: config.scheduler,
      broadcastDelayMs: config.broadcastDelayMs,
      regex,
      checkMediaUrl: (url: string) => checkOutboundUrl(url, config.allowPrivateNetworks),
      parking,
      readYourWritesTimeoutMs: 5000,
    }
    const app = await createAppContext(deps)
    closers.push(() => app.close())
    const firstAdmin = await bootstrapAdmin(app, deps, { email: config.adminEmail, password: config.adminPassword }, log)
    const sender = new HttpWebhookSender({ allowPrivateNetworks: config.allowPrivateNetworks })
    closers.push(startWebhookDelivery({ db, store, projections, sender, box: webhookBox, logger: log, nodeId: config.nodeId, policy: config.webhooks, metrics }))

    const restore = () => restoreSessions({ db, store, projections, registry, logger: log })
    await restore()
    const broadcasts = new BroadcastRunner({ store, db, sessions: hostedSessionCommands(registry), bus, logger: log, parking })
    broadcasts.start()
    closers.push(() => broadcasts.stop())
    const schedules = new ScheduleDispatcher({ store, db, sessions: hostedSessionCommands(registry), bus, logger: log, nodeId: config.nodeId, misfireGraceMs: config.scheduler.misfireGraceMs, parking })
    schedules.start()
    closers.push(() => schedules.stop())
    const autoReplySender = new AutoReplySender({ db, sessions: hostedSessionCommands(registry), bus, projections, logger: log, parking })
    autoReplySender.start()
    closers.push(() => autoReplySender.stop())
    if (leases) {
      // Failover: sessions whose node died lose their lease after the TTL; whoever sweeps next adopts them.
      const sweep = setInterval(() => void restore().catch((error: unknown) => log.error({ err: error }, 'session sweep failed')), Math.floor(leases.ttlMs / 2))
      sweep.unref()
      closers.push(async () => clearInterval(sweep))
    }

    const authenticator = new Authenticator(db, { apiKeys: identity.apiKeys.hasher, logins: identity.logins.hasher })
    const routes: readonly Route<any, any, any>[] = [
      ...healthRoutes([
        { name: 'store', check: async () => void (await store.headPosition()) },
        { name: 'bus', check: () => bus.ping() },
      ]),
      ...identityRoutes(app),
      ...sessionRoutes(app),
      ...chatRoutes(app),
      ...groupRoutes(app),
      ...broadcastRoutes(app),
      ...autoReplyRoutes(app),
      ...messageRoutes(app),
      ...mediaRoutes(app),
      ...schedulerRoutes(app),
      ...auditRoutes(app),
      ...webhookRoutes(app),
      ...parkedEventRoutes(app),
      ...metricsRoutes({ render: () => metrics.render(), token: config.metricsToken }),
      ...docsRoutes(() => routes),
      ...(config.testEndpoints ? testRoutes(app, deps) : []),
      ...serverInfoRoutes(config),
      ...uploadRoutes(app),
      ...(config.sandboxAdminUrl ? sandboxRoutes(app, config.sandboxAdminUrl) : []),
    ]
    const http = new HttpServer({ logger: log, metrics, authenticate: requestAuthenticator(authenticator), routes, middleware: [dashboardStatic(DASHBOARD_DIST)], trustedProxies: config.trustedProxies })
    if (config.testEndpoints) log.warn('test endpoints are mounted (GATEWAY_TEST_ENDPOINTS): anyone can create users; never in production')
    const sockets = new SocketGateway({
      server: http.server,
      bus,
      authenticator,
      db,
      logger: log,
      awaitUsers: (position) => projections.waitFor(usersProjection.name, position, 5000),
    })
    metrics.observe({
      sessions: () => registry.hostedSessionIds().flatMap((id) => {
        const actor = registry.get(id)
        return actor ? [{ sessionId: id, status: actor.status, outboundDepth: actor.outboundDepth }] : []
      }),
      projections: () => projections.names.map((name) => ({ name, position: projections.position(name) })),
      headPosition: () => store.headPosition(),
      firstEventAfter: async (position) => (await store.readAll({ after: position, limit: 1 }))[0] ?? null,
      deadLetters: () => countDeadLetters(db),
      parkedEvents: () => countParkedEvents(db),
      socketConnections: () => sockets.io.of('/').sockets.size,
    })
    const port = await http.listen(config.port, config.host)
    closers.push(() => http.close(config.shutdownTimeoutMs))
    closers.push(() => sockets.close())
    const listening = listenAddress(http.server.address() as AddressInfo)
    const url = listening.url
    log.info({ address: listening.bound, url, dataDir: config.dataDir }, listeningMessage(listening))
    if (firstAdmin) announceFirstAdmin(log, { ...firstAdmin, url })

    return { url, port, logger: log, store, bus, db, registry, projections, app, routes, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** Brings back every session that wanted to run, once the sessions read model has caught up. */
async function restoreSessions(deps: {
  db: Kysely<Database>
  store: EventStore
  projections: ProjectionRunner
  registry: SessionRegistry
  logger: Logger
}): Promise<void> {
  const head = await deps.store.headPosition()
  if (!(await deps.projections.waitFor(sessionsProjection.name, head, 60_000))) {
    deps.logger.warn('sessions read model is still catching up; restoring the sessions it knows so far')
  }
  const rows = await deps.db
    .selectFrom('sessions')
    .select('session_id')
    .where('desired', '=', 'running')
    .where('deleted_at', 'is', null)
    .execute()
  const restored = await deps.registry.adoptAll(rows.map((r) => r.session_id))
  if (restored > 0) deps.logger.info({ restored, wanted: rows.length, running: deps.registry.size }, 'sessions adopted')
}
