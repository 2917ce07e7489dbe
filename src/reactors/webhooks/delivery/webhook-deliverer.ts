import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { SecretBox } from '../../../domain/ports/crypto.ts'
import type { EventStore } from '../../../domain/ports/event-store.ts'
import type { Metrics } from '../../../domain/ports/metrics.ts'
import type { WebhookSender } from '../../../domain/ports/webhook-sender.ts'
import { afterFailure } from '../../../domain/webhooks/retry-policy.ts'
import { recordedAtOf } from '../../../domain/webhooks/webhook-payload.ts'
import { signatureHeaders } from '../../../domain/webhooks/webhook-signature.ts'
import type { LaneKey } from '../routing/insert-deliveries.ts'
import type { RoutedBatch } from '../routing/routed-batches.ts'
import { runReplayPage } from '../replay/run-replay-page.ts'
import type { WebhooksTables } from '../tables.ts'
import { claimLanes } from './claim-lanes.ts'
import type { DeliveryPolicy } from './delivery-policy.ts'
import { purgeDeliveryLog, renewLeases, repairLanes, takeOverLeases, wakeWebhookLanes } from './lane-upkeep.ts'
import { OutcomeRecorder } from './outcome-recorder.ts'
import { readLanePage, type LaneDelivery } from './read-lane-page.ts'
import type { AttemptOutcome } from './record-outcomes.ts'
import { releaseLane } from './release-lane.ts'
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

const USER_AGENT = 'wa-gateway-webhooks/1'
const PAGE_SIZE = 100
/** Longest sleep without news: other nodes' releases and expired leases are noticed within it. */
const IDLE_MS = 1000
const MIN_WAIT_MS = 5
/** How long a lane that ran dry stays with its runner, waiting for the router, before it is given back. */
const LINGER_MS = 200
/** How often a runner that has gone on for a while looks behind it for deliveries put back (redelivery, replay on another node). */
const LOOK_BACK_MS = 1000
const REPAIR_EVERY_MS = 30_000
const PURGE_EVERY_MS = 60 * 60_000

/**
 * Delivers what the router queued. Per lane (webhook × session) strictly in event order: the next
 * delivery waits until the one before it is delivered or dead-lettered. Lanes are leased from the
 * database, so several nodes share the work and a crashed node's lanes move on after its lease.
 * Every attempt is logged; retries are persisted with their due time and survive restarts.
 */
export class WebhookDeliverer {
  readonly #o: WebhookDelivererOptions
  readonly #log: Logger
  readonly #lanes = new Map<string, Promise<void>>()
  /** Runners whose lane ran dry, waiting for more: how to wake them. */
  readonly #lingering = new Map<string, () => void>()
  /** Lanes that got work while their runner was busy: it looks again before it lingers. */
  readonly #nudged = new Set<string>()
  /** Lanes where deliveries were put back, behind where their runner has come: it reads them from the start. */
  readonly #requeued = new Set<string>()
  readonly #wakeup = new Wakeup()
  readonly #replayWakeup = new Wakeup()
  /** Bumped when a webhook changes (target, secret, paused, deleted): lanes re-read it before their next attempt. */
  readonly #versions = new Map<string, number>()
  readonly #secrets = new Map<string, string>()
  readonly #recorder: OutcomeRecorder
  readonly #timers: NodeJS.Timeout[] = []
  #stopping = false
  #loops: Promise<void>[] = []
  /** Who holds this node's leases: unique to this process, so a restart under the same NODE_ID never renews a dead process's leases. */
  readonly #leaseOwner: string

  constructor(options: WebhookDelivererOptions) {
    this.#o = options
    this.#log = options.logger.child({ component: 'webhook-deliverer' })
    this.#recorder = new OutcomeRecorder(options.db, options.nodeId)
    this.#leaseOwner = `${options.nodeId}/${randomUUID().slice(0, 8)}`
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
    this.#every(Math.max(50, Math.floor(policy.leaseMs / 3)), async () => {
      if (this.#lanes.size > 0) await renewLeases(db, this.#leaseOwner, policy.leaseMs)
    })
    this.#every(REPAIR_EVERY_MS, async () => {
      const repaired = await repairLanes(db)
      if (repaired > 0) this.#log.warn({ repaired }, 'webhook lanes with pending deliveries had no due time; made them due')
    })
    this.#every(PURGE_EVERY_MS, async () => {
      const purged = await purgeDeliveryLog(db, new Date(Date.now() - policy.retentionMs))
      if (purged > 0) this.#log.info({ purged }, 'purged finished webhook deliveries past their retention')
    })
  }

  /** Something may be due: new deliveries were routed, or requeued. */
  wake(): void {
    for (const wake of this.#lingering.values()) wake()
    this.#wakeup.wake()
    this.#replayWakeup.wake()
  }

  /**
   * The router committed a batch: what it routed on this node (so only those lanes are woken, and a
   * claim is made only for lanes no runner here holds), or null when another node applied it.
   */
  routed(batch: RoutedBatch | null): void {
    if (batch === null) return this.wake()
    if (batch.replays) this.#replayWakeup.wake()
    this.#putBack(batch.requeued)
    let claim = false
    for (const lane of batch.lanes) {
      const key = laneKey(lane)
      const lingering = this.#lingering.get(key)
      if (lingering) lingering()
      else if (this.#lanes.has(key)) this.#nudged.add(key)
      else claim = true
    }
    if (claim) this.#wakeup.wake()
  }

  /** A webhook changed: running lanes pick up its new target, secret or state before their next attempt. */
  webhookChanged(webhookId: string): void {
    this.#versions.set(webhookId, (this.#versions.get(webhookId) ?? 0) + 1)
    this.wake()
  }

  /** Finishes the attempts in flight, records them, and gives the lanes back for the next owner. */
  async stop(): Promise<void> {
    if (this.#stopping) return
    this.#stopping = true
    for (const timer of this.#timers) clearInterval(timer)
    for (const wake of this.#lingering.values()) wake()
    this.#wakeup.wake()
    this.#replayWakeup.wake()
    await Promise.all(this.#loops)
    await Promise.all([...this.#lanes.values()])
  }

  async #claimLoop(): Promise<void> {
    const { db, policy } = this.#o
    let failures = 0
    while (!this.#stopping) {
      try {
        const free = policy.concurrency - this.#lanes.size
        if (free <= 0) {
          await this.#wakeup.wait(IDLE_MS)
          continue
        }
        const { lanes, nextInMs } = await claimLanes(db, this.#leaseOwner, free, policy.leaseMs)
        for (const lane of lanes) this.#work(lane)
        failures = 0
        if (lanes.length === free) continue
        await this.#wakeup.wait(nextInMs === null ? IDLE_MS : Math.min(IDLE_MS, Math.max(MIN_WAIT_MS, nextInMs)))
      } catch (error) {
        if (this.#stopping) break
        failures++
        const delay = Math.min(30_000, 100 * 2 ** Math.min(failures, 10))
        this.#log.error({ err: error, retryInMs: delay }, 'claiming webhook lanes failed; retrying')
        await this.#wakeup.wait(delay)
      }
    }
  }

  /** Deliveries were put back in these lanes: their runners go back to the start, the others are claimed. */
  #putBack(lanes: readonly LaneKey[]): void {
    for (const lane of lanes) {
      const key = laneKey(lane)
      if (!this.#lanes.has(key)) continue
      this.#requeued.add(key)
      this.#lingering.get(key)?.()
    }
    if (lanes.length > 0) this.#wakeup.wake()
  }

  async #replayLoop(): Promise<void> {
    while (!this.#stopping) {
      try {
        const lanes = await runReplayPage(this.#o.db, this.#o.store)
        if (lanes !== null) {
          this.#putBack(lanes)
          continue
        }
      } catch (error) {
        if (this.#stopping) break
        this.#log.error({ err: error }, 'webhook replay page failed; retrying')
      }
      await this.#replayWakeup.wait(IDLE_MS * 2)
    }
  }

  #work(lane: LaneKey): void {
    const key = laneKey(lane)
    const run = this.#workLane(lane)
      .catch((error: unknown) => this.#log.error({ err: error, webhookId: lane.webhookId, sessionId: lane.sessionId }, 'webhook lane failed; its lease will lapse and it is retried'))
      .finally(() => {
        this.#lanes.delete(key)
        this.#nudged.delete(key)
        this.#requeued.delete(key)
        this.#wakeup.wake()
      })
    this.#lanes.set(key, run)
  }

  async #workLane(lane: LaneKey): Promise<void> {
    const { db } = this.#o
    const recorder = this.#recorder
    const mark = recorder.mark
    const key = laneKey(lane)
    let after = 0n
    let lookedBack = performance.now()
    let recovered = false
    try {
      pages: for (;;) {
        // Put-back deliveries lie behind the cursor: once what was attempted is recorded, read from the
        // start. At every page, not only when the lane runs dry: under steady traffic it never does.
        if (after > 0n && (this.#requeued.delete(key) || performance.now() - lookedBack > LOOK_BACK_MS)) {
          await recorder.flush(mark)
          after = 0n
          lookedBack = performance.now()
        }
        const version = this.#versions.get(lane.webhookId)
        const page = await readLanePage(db, lane, after, PAGE_SIZE)
        if (page.length === 0) {
          // Under a steady flow the router adds more within moments: wait for it rather than give the
          // lane back and claim it again. Not when other lanes may be waiting for a runner.
          if (this.#stopping || recorder.failedSince(mark) || this.#lanes.size >= this.#o.policy.concurrency) break
          if (!(await this.#linger(lane))) break
          continue
        }
        for (const delivery of page) {
          if (this.#stopping || recorder.failedSince(mark) || !delivery.webhookLive) break pages
          if (this.#versions.get(lane.webhookId) !== version) continue pages
          const outcome = await this.#attempt(delivery)
          recorder.add(outcome)
          this.#o.metrics?.webhookAttempted(outcome.state === 'pending' ? 'retry' : outcome.state, recordedAtOf(delivery.body))
          if (outcome.state === 'delivered' && delivery.roundAttempts > 0) recovered = true
          // Head of line: what follows waits for this one's retry.
          if (outcome.state === 'pending') break pages
          after = delivery.eventPosition
        }
      }
    } finally {
      await recorder.flush(mark)
      if (recovered) await wakeWebhookLanes(db, lane.webhookId)
      await releaseLane(db, lane, this.#leaseOwner)
    }
  }

  /** Resolves true when the router woke the lane, false when the wait ran out. */
  #linger(lane: LaneKey): Promise<boolean> {
    const key = laneKey(lane)
    if (this.#nudged.delete(key)) return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer)
        if (this.#lingering.get(key) === wake) this.#lingering.delete(key)
        resolve(woken)
      }
      const wake = () => done(!this.#stopping)
      const timer = setTimeout(() => done(false), LINGER_MS)
      this.#lingering.set(key, wake)
    })
  }

  async #attempt(d: LaneDelivery): Promise<AttemptOutcome> {
    const { policy, sender } = this.#o
    const attempt = d.attempts + 1
    const startedAt = new Date()
    const t0 = performance.now()
    let response: { statusCode: number | null; error: string | null }
    const secret = this.#openSecret(d.sealedSecret)
    if (secret === null) {
      response = { statusCode: null, error: 'the webhook secret cannot be opened (was GATEWAY_SECRET_KEY changed?); set a new secret' }
    } else {
      const timestamp = Math.floor(startedAt.getTime() / 1000)
      response = await sender.post({
        url: d.url,
        body: d.body,
        timeoutMs: policy.timeoutMs,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          ...signatureHeaders(secret, { id: d.eventId, body: d.body, timestamp }),
          'X-Webhook-Event': d.eventType,
          'X-Webhook-Delivery-Id': d.id,
          'X-Webhook-Attempt': String(attempt),
        },
      })
    }
    const finishedAt = new Date()
    const base = {
      deliveryId: d.id,
      webhookId: d.webhookId,
      attempt,
      roundAttempts: d.roundAttempts + 1,
      roundStartedAt: d.roundStartedAt ?? startedAt,
      startedAt,
      finishedAt,
      latencyMs: Math.round(performance.now() - t0),
      statusCode: response.statusCode,
      error: response.error,
    }
    const ok = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300
    if (ok) return { ...base, state: 'delivered', nextAttemptAt: null }
    const decision = afterFailure(policy.retry, { attempts: base.roundAttempts, startedAt: base.roundStartedAt, now: finishedAt, statusCode: response.statusCode })
    const context = { webhookId: d.webhookId, deliveryId: d.id, eventId: d.eventId, attempt, statusCode: response.statusCode, error: response.error }
    if (decision.dead) {
      this.#log.warn(context, 'webhook delivery dead-lettered after its last attempt')
      return { ...base, state: 'dead', nextAttemptAt: null }
    }
    this.#log.info({ ...context, nextAttemptAt: decision.nextAttemptAt }, 'webhook delivery failed; will retry')
    return { ...base, state: 'pending', nextAttemptAt: decision.nextAttemptAt }
  }

  #openSecret(sealed: string): string | null {
    let secret = this.#secrets.get(sealed)
    if (secret === undefined) {
      try {
        secret = this.#o.box.open(sealed)
      } catch {
        return null
      }
      if (this.#secrets.size > 10_000) this.#secrets.clear()
      this.#secrets.set(sealed, secret)
    }
    return secret
  }

  #every(ms: number, task: () => Promise<void>): void {
    let running = false
    const timer = setInterval(() => {
      if (running || this.#stopping) return
      running = true
      task()
        .catch((error: unknown) => this.#log.error({ err: error }, 'webhook upkeep failed'))
        .finally(() => (running = false))
    }, ms)
    timer.unref()
    this.#timers.push(timer)
  }
}

const laneKey = (lane: LaneKey) => `${lane.webhookId}\u0000${lane.sessionId}`
