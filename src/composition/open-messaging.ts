import type { Logger } from 'pino'
import type { GatewayConfig } from '../config.ts'
import type { SharedEventFeed } from '../consumers/shared-event-feed.ts'
import type { Bus } from '../domain/ports/bus.ts'
import type { SessionPlacement } from '../domain/ports/placement.ts'
import { InProcessBus } from '../infra/bus/in-process-bus.ts'
import { NatsBus } from '../infra/bus/nats-bus.ts'
import { LocalPlacement } from '../infra/placement/local-placement.ts'
import { NatsKvPlacement } from '../infra/placement/nats-kv-placement.ts'
import type { Closers } from './closers.ts'

export interface Messaging {
  readonly bus: Bus
  readonly placement: SessionPlacement
  /** Leases on NATS KV (a cluster): sessions of a node that died move to another after the TTL. */
  readonly leases: NatsKvPlacement | undefined
}

/** NATS (NATS_URL: the bus and session leases of a cluster) or, embedded, the in-process bus and local placement. */
export async function openMessaging(config: GatewayConfig, log: Logger, feed: SharedEventFeed, closers: Closers): Promise<Messaging> {
  const nats = config.natsUrl ? await NatsBus.connect({ url: config.natsUrl, name: config.nodeId, logger: log }) : undefined
  const bus: Bus = nats ?? new InProcessBus()
  closers.push(() => bus.close())
  const leases = nats ? await NatsKvPlacement.open({ connection: nats.connection, nodeId: config.nodeId, ttlMs: config.leaseTtlMs, logger: log }) : undefined
  const placement: SessionPlacement = leases ?? new LocalPlacement()
  closers.push(() => placement.close())
  // Appends on other nodes wake this node's consumers at once.
  if (nats) bus.onEvents((events) => feed.appended(events.reduce((last, e) => (e.position > last ? e.position : last), 0n)))
  log.info({ bus: nats ? 'nats' : 'in-process' }, 'bus ready')
  return { bus, placement, leases }
}
