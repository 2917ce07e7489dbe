import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { SessionRegistry } from './actors/session-registry.ts'
import { createAppContext, type AppContext } from './app/app-context.ts'
import type { AppDeps, IdentityDeps } from './app/app-deps.ts'
import { Authenticator } from './app/identity/authenticator.ts'
import { bootstrapAdmin } from './app/identity/bootstrap-admin.ts'
import { Closers } from './composition/closers.ts'
import type { Database } from './composition/database.ts'
import { durableConsumers } from './composition/durable-consumers.ts'
import { gatewayRoutes } from './composition/gateway-routes.ts'
import { openMessaging } from './composition/open-messaging.ts'
import { openStorage } from './composition/open-storage.ts'
import { superviseSessions } from './composition/session-supervision.ts'
import { startSessionReactors, startWebhookReactor } from './composition/start-reactors.ts'
import type { GatewayConfig } from './config.ts'
import { countParkedEvents } from './consumers/parking/count-parked-events.ts'
import { ProjectionRunner } from './consumers/projection-runner.ts'
import type { Bus } from './domain/ports/bus.ts'
import type { EventStore, StoredEvent } from './domain/ports/event-store.ts'
import type { WhatsAppDriver } from './domain/ports/whatsapp-driver.ts'
import type { BackoffPolicy } from './domain/retry/backoff.ts'
import { SESSION_PROXY_SEAL } from './domain/session/session-proxy.ts'
import { requestAuthenticator } from './http/auth/request-auth.ts'
import { DASHBOARD_DIST, dashboardStatic } from './http/dashboard/dashboard-static.ts'
import { HttpServer } from './http/http-server.ts'
import { listenAddress, listeningMessage } from './http/listen-address.ts'
import type { Route } from './http/route.ts'
import { AesSecretBox } from './infra/crypto/aes-secret-box.ts'
import { Argon2PasswordHasher } from './infra/crypto/argon2-password-hasher.ts'
import { HmacTokenHasher } from './infra/crypto/hmac-token-hasher.ts'
import { loadSecretKey } from './infra/crypto/secret-key.ts'
import { announceFirstAdmin } from './infra/first-start-banner.ts'
import { PostgresIdempotencyStore } from './infra/idempotency/postgres-idempotency-store.ts'
import { createLogger } from './infra/logger.ts'
import { FileMediaStore } from './infra/media/file-media-store.ts'
import { GuardedMediaResolver } from './infra/media/guarded-media-resolver.ts'
import { sharpStickerMaker } from './infra/media/sticker.ts'
import { PrometheusMetrics } from './infra/metrics/prometheus-metrics.ts'
import { checkOutboundUrl } from './infra/net/outbound-http.ts'
import { checkWebhookTarget } from './infra/net/webhook-http-sender.ts'
import { WorkerRegexEngine } from './infra/regex/worker-regex-engine.ts'
import type { WhatsAppDriverContext } from './infra/whatsapp/create-whatsapp-driver.ts'
import { usersProjection } from './projections/users/users-projection.ts'
import { startEventRelay } from './reactors/event-relay.ts'
import { countDeadLetters } from './reactors/webhooks/delivery/count-dead-letters.ts'
import { SocketGateway } from './realtime/socket-gateway.ts'

export type { Database } from './composition/database.ts'

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

/**
 * The composition root: the only place that knows every adapter. The pieces are in src/composition
 * (storage, messaging, the consumer list, the reactors, session supervision, the route list); this
 * puts them together in the order they depend on each other, and undoes them in reverse.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options
  const logger = options.logger ?? createLogger({ level: config.logLevel, format: config.logFormat })
  const log = logger.child({ nodeId: config.nodeId })
  const closers = new Closers(log)
  const close = () => closers.close()

  try {
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
    const secret = await loadSecretKey({ secret: config.secretKey, dataDir: config.dataDir })
    if (secret.source === 'generated') log.warn({ file: path.join(config.dataDir, 'secret.key') }, 'generated a new secret key; back it up with the data')
    if (secret.source !== 'env' && (config.databaseUrl || config.natsUrl)) {
      log.warn('GATEWAY_SECRET_KEY is not set: every node of a cluster needs the same one')
    }

    // A registry per gateway: several gateways may share one process (tests).
    const metrics = new PrometheusMetrics()
    const { db, store, feed, parking } = await openStorage(config, log, metrics, closers)
    const { bus, placement, leases } = await openMessaging(config, log, feed, closers)

    const regex = new WorkerRegexEngine({ timeoutMs: config.autoReply.regexTimeoutMs, logger: log })
    closers.push(() => regex.close())
    const projections = new ProjectionRunner({ db, store, feed, logger: log, parking, projections: durableConsumers(config, { regex, log }) })
    for (const name of projections.names) parking.register(name, (event, trx) => projections.reapply(name, event as StoredEvent, trx), { transactional: true })
    await projections.start()
    closers.push(() => projections.stop())
    closers.push(await startEventRelay({ store, feed, bus, logger: log, parking }))

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
    const deps: AppDeps = {
      db,
      store,
      registry,
      projections,
      logger: log,
      identity,
      proxies: new AesSecretBox(secret.key, SESSION_PROXY_SEAL),
      webhooks: { box: webhookBox, checkTargetUrl: (url: string) => checkWebhookTarget(url, config.allowPrivateNetworks) },
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

    startWebhookReactor({ config, db, store, projections, webhookBox, metrics, log }, closers)
    closers.push(await superviseSessions({ db, store, projections, registry, logger: log, ...(leases ? { sweepMs: Math.floor(leases.ttlMs / 2) } : {}) }))
    startSessionReactors({ config, db, store, bus, projections, registry, parking, log }, closers)

    const authenticator = new Authenticator(db, { apiKeys: identity.apiKeys.hasher, logins: identity.logins.hasher })
    const routes = gatewayRoutes({ config, app, deps, store, bus, renderMetrics: () => metrics.render() })
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
      sessions: () =>
        registry.hostedSessionIds().flatMap((id) => {
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
