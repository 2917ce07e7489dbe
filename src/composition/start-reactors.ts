import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { hostedSessionCommands } from '../actors/hosted-session-commands.ts'
import type { SessionRegistry } from '../actors/session-registry.ts'
import type { GatewayConfig } from '../config.ts'
import type { EventParking } from '../consumers/parking/event-parking.ts'
import type { ProjectionRunner } from '../consumers/projection-runner.ts'
import type { Bus } from '../domain/ports/bus.ts'
import type { SecretBox } from '../domain/ports/crypto.ts'
import type { EventStore } from '../domain/ports/event-store.ts'
import type { PrometheusMetrics } from '../infra/metrics/prometheus-metrics.ts'
import { HttpWebhookSender } from '../infra/net/webhook-http-sender.ts'
import { AutoReplySender } from '../reactors/autoreplies/auto-reply-sender.ts'
import { BroadcastRunner } from '../reactors/broadcasts/broadcast-runner.ts'
import { CallReplySender } from '../reactors/calls/call-reply-sender.ts'
import { ScheduleDispatcher } from '../reactors/scheduler/schedule-dispatcher.ts'
import { startWebhookDelivery } from '../reactors/webhooks/start-webhook-delivery.ts'
import type { Closers } from './closers.ts'
import type { Database } from './database.ts'

export interface ReactorDeps {
  readonly config: GatewayConfig
  readonly db: Kysely<Database>
  readonly store: EventStore
  readonly bus: Bus
  readonly projections: ProjectionRunner
  readonly registry: SessionRegistry
  readonly parking: EventParking
  readonly webhookBox: SecretBox
  readonly metrics: PrometheusMetrics
  readonly log: Logger
}

/** Webhook delivery: what the routing consumer put in the delivery table goes out (before the sessions are back: nothing waits for them). */
export function startWebhookReactor(deps: Omit<ReactorDeps, 'registry' | 'bus' | 'parking'>, closers: Closers): void {
  const { config, db, store, projections, log } = deps
  const sender = new HttpWebhookSender({ allowPrivateNetworks: config.allowPrivateNetworks })
  closers.push(startWebhookDelivery({ db, store, projections, sender, box: deps.webhookBox, logger: log, nodeId: config.nodeId, policy: config.webhooks, metrics: deps.metrics }))
}

/**
 * The senders of broadcasts, schedules, auto-replies and rejected-call answers: they reach the sessions this node hosts
 * through the SessionCommands port, so they start once the sessions are restored.
 */
export function startSessionReactors(deps: Omit<ReactorDeps, 'webhookBox' | 'metrics'>, closers: Closers): void {
  const { config, db, store, bus, projections, registry, parking, log } = deps
  const sessions = hostedSessionCommands(registry)
  const broadcasts = new BroadcastRunner({ store, db, sessions, bus, logger: log, parking })
  broadcasts.start()
  closers.push(() => broadcasts.stop())
  const schedules = new ScheduleDispatcher({ store, db, sessions, bus, logger: log, nodeId: config.nodeId, misfireGraceMs: config.scheduler.misfireGraceMs, parking })
  schedules.start()
  closers.push(() => schedules.stop())
  const autoReplies = new AutoReplySender({ db, sessions, bus, projections, logger: log, parking })
  autoReplies.start()
  closers.push(() => autoReplies.stop())
  const callReplies = new CallReplySender({ db, sessions, bus, logger: log })
  callReplies.start()
  closers.push(() => callReplies.stop())
}
