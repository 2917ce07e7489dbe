import type { Kysely } from 'kysely'
import type { Metrics } from '../../../domain/ports/metrics.ts'
import { recordedAtOf } from '../../../domain/webhooks/webhook-payload.ts'
import type { LaneKey } from '../routing/insert-deliveries.ts'
import type { WebhooksTables } from '../tables.ts'
import type { LaneSignals } from './lane-signals.ts'
import type { OutcomeRecorder } from './outcome-recorder.ts'
import { readLanePage, type LaneDelivery } from './read-lane-page.ts'
import type { AttemptOutcome } from './record-outcomes.ts'
import { releaseLane } from './release-lane.ts'
import { wakeWebhookLanes } from './wake-webhook-lanes.ts'

export interface LaneRunnerDeps {
  readonly db: Kysely<WebhooksTables>
  /** Who holds the lane's lease. */
  readonly owner: string
  readonly recorder: OutcomeRecorder
  readonly signals: LaneSignals
  readonly attempt: (delivery: LaneDelivery) => Promise<AttemptOutcome>
  readonly metrics?: Pick<Metrics, 'webhookAttempted'>
  /** Bumped when the webhook changes (target, secret, paused, deleted): the page is read again. */
  version(webhookId: string): number | undefined
  stopping(): boolean
  /** Whether a dry lane may wait for more rather than be given back (no other lane waits for a runner). */
  mayLinger(): boolean
}

const PAGE_SIZE = 100
/** How long a lane that ran dry stays with its runner, waiting for the router, before it is given back. */
const LINGER_MS = 200
/** How often a runner that has gone on for a while looks behind it for deliveries put back (redelivery, replay on another node). */
const LOOK_BACK_MS = 1000

export const laneKey = (lane: LaneKey) => `${lane.webhookId}\u0000${lane.sessionId}`

/**
 * Works a leased lane strictly in event order: the next delivery waits until the one before it is
 * delivered or dead-lettered. Gives the lane back when it runs dry (after lingering), when a retry
 * holds its head, or on stop, once every outcome is recorded.
 */
export async function runLane(lane: LaneKey, deps: LaneRunnerDeps): Promise<void> {
  const { db, recorder, signals } = deps
  const mark = recorder.mark
  const key = laneKey(lane)
  let after = 0n
  let lookedBack = performance.now()
  let recovered = false
  try {
    pages: for (;;) {
      // Put-back deliveries lie behind the cursor: once what was attempted is recorded, read from the
      // start. At every page, not only when the lane runs dry: under steady traffic it never does.
      if (after > 0n && (signals.takeRequeued(key) || performance.now() - lookedBack > LOOK_BACK_MS)) {
        await recorder.flush(mark)
        after = 0n
        lookedBack = performance.now()
      }
      const version = deps.version(lane.webhookId)
      const page = await readLanePage(db, lane, after, PAGE_SIZE)
      if (page.length === 0) {
        // Under a steady flow the router adds more within moments: wait for it rather than give the
        // lane back and claim it again.
        if (deps.stopping() || recorder.failedSince(mark) || !deps.mayLinger()) break
        if (!(await signals.linger(key, LINGER_MS, deps.stopping))) break
        continue
      }
      for (const delivery of page) {
        if (deps.stopping() || recorder.failedSince(mark) || !delivery.webhookLive) break pages
        if (deps.version(lane.webhookId) !== version) continue pages
        const outcome = await deps.attempt(delivery)
        recorder.add(outcome)
        deps.metrics?.webhookAttempted(outcome.state === 'pending' ? 'retry' : outcome.state, recordedAtOf(delivery.body))
        if (outcome.state === 'delivered' && delivery.roundAttempts > 0) recovered = true
        // Head of line: what follows waits for this one's retry.
        if (outcome.state === 'pending') break pages
        after = delivery.eventPosition
      }
    }
  } finally {
    await recorder.flush(mark)
    if (recovered) await wakeWebhookLanes(db, lane.webhookId)
    await releaseLane(db, lane, deps.owner)
  }
}
