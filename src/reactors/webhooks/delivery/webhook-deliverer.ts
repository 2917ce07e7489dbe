import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { SecretBox } from '../../../domain/ports/crypto.ts'
import type { EventStore, StoredEvent } from '../../../domain/ports/event-store.ts'
import type { Metrics } from '../../../domain/ports/metrics.ts'
import type { WebhookSender } from '../../../domain/ports/webhook-sender.ts'
import type { LaneKey } from '../routing/insert-deliveries.ts'
import { runReplayPage } from '../replay/run-replay-page.ts'
import type { WebhooksTables } from '../tables.ts'
import { attemptDelivery } from './attempt-delivery.ts'
import { batchNews } from './batch-news.ts'
import { claimLanes } from './claim-lanes.ts'
import type { DeliveryPolicy } from './delivery-policy.ts'
import { startDeliveryUpkeep } from './delivery-upkeep.ts'
import { laneKey, runLane, type LaneRunnerDeps } from './lane-runner.ts'
import { LaneSignals } from './lane-signals.ts'
import { OpenedSecrets } from './opened-secrets.ts'
import { OutcomeRecorder } from './outcome-recorder.ts'
import { takeOverLeases } from './take-over-leases.ts'
import { Wakeup } from './wakeup.ts'

export interface WebhookDelivererOptions {
  readonly db: Kysely<WebhooksTables>
  /** Replays read the log from it. */
  readonly store: EventStore
  readonly sender: WebhookSender
  /** Opens the webhooks' sealed secrets. */
  readonly box: SecretBox
  readonly logger: Logger
  readonly nodeId: string
  readonly policy: DeliveryPolicy
  readonly metrics?: Pick<Metrics, 'webhookAttempted'>
}

const MIN_WAIT_MS = 5
/** setTimeout's longest delay: a lane due later (a retry days away) is looked at again then. */
const MAX_WAIT_MS = 2 ** 31 - 1
/** Retries of a failed replay page. */
const REPLAY_RETRY_MS = 2000

/**
 * Delivers what the router queued, lane by lane (webhook × session, see lane-runner). Lanes are
 * leased from the database, so several nodes share the work and a crashed node's lanes move on after
 * its lease. It is woken by the webhooks consumer's progress (`progressed`, on every node, for every
 * batch), and otherwise sleeps until the next lane comes due (a retry, or another node's lease
 * running out): no polling.
 */
export class WebhookDeliverer {
  readonly #o: WebhookDelivererOptions
  readonly #log: Logger
  readonly #lanes = new Map<string, { readonly lane: LaneKey; readonly run: Promise<void> }>()
  readonly #signals = new LaneSignals()
  readonly #claims = new Wakeup()
  readonly #replays = new Wakeup()
  /** Bumped when a webhook changes: lanes re-read it before their next attempt. */
  readonly #versions = new Map<string, number>()
  /** Bumped when events went by unseen (handled by another node past what this one read): any webhook may have changed. */
  #unseen = 0
  readonly #runner: LaneRunnerDeps
  #stopping = false
  #loops: Promise<void>[] = []
  #stopUpkeep: (() => void) | undefined
  /** Who holds this node's leases: unique to this process, so a restart under the same NODE_ID never renews a dead process's leases. */
  readonly #leaseOwner: string

  constructor(options: WebhookDelivererOptions) {
    this.#o = options
    this.#log = options.logger.child({ component: 'webhook-deliverer' })
    this.#leaseOwner = `${options.nodeId}/${randomUUID().slice(0, 8)}`
    const attempt = { sender: options.sender, policy: options.policy, secrets: new OpenedSecrets(options.box), log: this.#log }
    this.#runner = {
      db: options.db,
      owner: this.#leaseOwner,
      recorder: new OutcomeRecorder(options.db, options.nodeId),
      signals: this.#signals,
      attempt: (delivery) => attemptDelivery(delivery, attempt),
      metrics: options.metrics,
      version: (webhookId) => (this.#versions.get(webhookId) ?? 0) + this.#unseen,
      stopping: () => this.#stopping,
      mayLinger: () => this.#lanes.size < options.policy.concurrency,
    }
  }

  start(): void {
    const { db, nodeId, policy } = this.#o
    this.#loops = [
      // A previous process of this node (same NODE_ID) crashed holding lanes: take them back now, not after their lease.
      takeOverLeases(db, nodeId, this.#leaseOwner)
        .then((lanes) => lanes > 0 && this.#log.info({ lanes }, 'took back the webhook lanes of a previous process of this node'))
        .catch((error: unknown) => this.#log.warn({ err: error }, 'could not take back the previous process\'s webhook lanes; they follow their lease'))
        .then(() => this.#claimLoop()),
      this.#replayLoop(),
    ]
    this.#stopUpkeep = startDeliveryUpkeep({
      db,
      log: this.#log,
      policy,
      owner: this.#leaseOwner,
      holdsLanes: () => this.#lanes.size > 0,
      // The safety net under the wake-ups: a claim every repair pass.
      repaired: () => this.#claims.wake(),
    })
  }

  /**
   * The webhooks consumer handled these events (applied them here, or found them applied by another
   * node) and now stands at `position`: the lanes of their sessions may have work, changed webhooks
   * are re-read, replays resume. Past the last event, another node had handled events this one did
   * not read: anything may have happened, so every lane looks again.
   */
  progressed(events: readonly StoredEvent[], position: bigint): void {
    const unseen = position > (events.at(-1)?.position ?? position)
    const news = batchNews(events)
    if (unseen) this.#unseen++
    for (const webhookId of news.changed) this.#versions.set(webhookId, (this.#versions.get(webhookId) ?? 0) + 1)
    for (const [key, { lane }] of this.#lanes) {
      if (news.requeued.has(lane.webhookId)) this.#signals.putBack(key)
      else if (unseen || news.sessions.has(lane.sessionId) || news.changed.has(lane.webhookId)) this.#signals.news(key)
    }
    if (unseen || news.claim) this.#claims.wake()
    if (unseen || news.replays) this.#replays.wake()
  }

  /** Finishes the attempts in flight, records them, and gives the lanes back for the next owner. */
  async stop(): Promise<void> {
    if (this.#stopping) return
    this.#stopping = true
    this.#stopUpkeep?.()
    this.#signals.wakeAll()
    this.#claims.wake()
    this.#replays.wake()
    await Promise.all(this.#loops)
    await Promise.all([...this.#lanes.values()].map((l) => l.run))
  }

  async #claimLoop(): Promise<void> {
    const { db, policy } = this.#o
    let failures = 0
    while (!this.#stopping) {
      try {
        const free = policy.concurrency - this.#lanes.size
        if (free <= 0) {
          await this.#claims.wait() // a lane given back wakes it
          continue
        }
        const { lanes, nextInMs } = await claimLanes(db, this.#leaseOwner, free, policy.leaseMs)
        for (const lane of lanes) this.#work(lane)
        failures = 0
        if (lanes.length === free) continue
        // Until news, or the next lane due (a retry's time, another node's lease running out).
        await this.#claims.wait(nextInMs === null ? undefined : Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, nextInMs)))
      } catch (error) {
        if (this.#stopping) break
        failures++
        const delay = Math.min(30_000, 100 * 2 ** Math.min(failures, 10))
        this.#log.error({ err: error, retryInMs: delay }, 'claiming webhook lanes failed; retrying')
        await this.#claims.wait(delay)
      }
    }
  }

  /** Deliveries were put back in these lanes: their runners here go back to the start, the others are claimed. */
  #putBack(lanes: readonly LaneKey[]): void {
    for (const lane of lanes) {
      const key = laneKey(lane)
      if (this.#lanes.has(key)) this.#signals.putBack(key)
    }
    if (lanes.length > 0) this.#claims.wake()
  }

  async #replayLoop(): Promise<void> {
    while (!this.#stopping) {
      try {
        const lanes = await runReplayPage(this.#o.db, this.#o.store)
        if (lanes !== null) {
          this.#putBack(lanes)
          continue
        }
        await this.#replays.wait() // until a replay is asked for
      } catch (error) {
        if (this.#stopping) break
        this.#log.error({ err: error }, 'webhook replay page failed; retrying')
        await this.#replays.wait(REPLAY_RETRY_MS)
      }
    }
  }

  #work(lane: LaneKey): void {
    const key = laneKey(lane)
    const run = runLane(lane, this.#runner)
      .catch((error: unknown) => this.#log.error({ err: error, webhookId: lane.webhookId, sessionId: lane.sessionId }, 'webhook lane failed; its lease will lapse and it is retried'))
      .finally(() => {
        this.#lanes.delete(key)
        this.#signals.forget(key)
        this.#claims.wake()
      })
    this.#lanes.set(key, { lane, run })
  }
}
