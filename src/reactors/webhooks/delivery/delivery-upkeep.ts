import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { WebhooksTables } from '../tables.ts'
import type { DeliveryPolicy } from './delivery-policy.ts'
import { purgeDeliveryLog } from './purge-delivery-log.ts'
import { renewLeases } from './renew-leases.ts'
import { repairLanes } from './repair-lanes.ts'

export interface DeliveryUpkeepOptions {
  readonly db: Kysely<WebhooksTables>
  readonly log: Logger
  readonly policy: DeliveryPolicy
  /** Who holds this process's leases. */
  readonly owner: string
  /** Whether this process works any lane (else there is no lease to renew). */
  holdsLanes(): boolean
  /** After each repair pass: lanes may have been made due. */
  repaired(): void
}

const REPAIR_EVERY_MS = 30_000
const PURGE_EVERY_MS = 60 * 60_000

/** The deliverer's timers: lease renewal, the lane repair safety net, the retention purge. Returns how to stop them. */
export function startDeliveryUpkeep(o: DeliveryUpkeepOptions): () => void {
  const { db, log, policy } = o
  const timers: NodeJS.Timeout[] = []
  let stopped = false
  const every = (ms: number, task: () => Promise<void>) => {
    let running = false
    const timer = setInterval(() => {
      if (running || stopped) return
      running = true
      task()
        .catch((error: unknown) => log.error({ err: error }, 'webhook upkeep failed'))
        .finally(() => (running = false))
    }, ms)
    timer.unref()
    timers.push(timer)
  }
  every(Math.max(50, Math.floor(policy.leaseMs / 3)), async () => {
    if (o.holdsLanes()) await renewLeases(db, o.owner, policy.leaseMs)
  })
  every(REPAIR_EVERY_MS, async () => {
    const repaired = await repairLanes(db)
    if (repaired > 0) log.warn({ repaired }, 'webhook lanes with pending deliveries had no due time; made them due')
    o.repaired()
  })
  every(PURGE_EVERY_MS, async () => {
    const purged = await purgeDeliveryLog(db, new Date(Date.now() - policy.retentionMs))
    if (purged > 0) log.info({ purged }, 'purged finished webhook deliveries past their retention')
  })
  return () => {
    stopped = true
    for (const timer of timers) clearInterval(timer)
  }
}
