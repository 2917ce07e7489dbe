import type { Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'
import { recordOutcomes, type AttemptOutcome } from './record-outcomes.ts'

const RETRIES_MS = [50, 250, 1000, 4000]
const MAX_BATCH = 500

/**
 * Writes attempt outcomes behind the HTTP requests, for every lane of this node together: while one
 * batch is written the next requests go out, so a fast receiver is not held to a database round trip
 * per delivery, and many lanes share one write. A crash before the write only means the delivery is
 * sent again, with the same X-Webhook-Id.
 */
export class OutcomeRecorder {
  readonly #db: Kysely<WebhooksTables>
  readonly #nodeId: string
  #queue: AttemptOutcome[] = []
  #writing: Promise<void> | null = null
  /** Counts batches that could not be written at all. */
  #failures = 0
  #lastError: unknown = null

  constructor(db: Kysely<WebhooksTables>, nodeId: string) {
    this.#db = db
    this.#nodeId = nodeId
  }

  /** A mark to compare against: writing failed since it was taken when `failedSince(mark)`. */
  get mark(): number {
    return this.#failures
  }

  failedSince(mark: number): boolean {
    return this.#failures > mark
  }

  add(outcome: AttemptOutcome): void {
    this.#queue.push(outcome)
    if (!this.#writing) this.#writing = this.#drain()
  }

  /**
   * Waits until everything added so far is written. Throws when some of it could not be written
   * since `mark`: the lane must not be given back as if its deliveries were recorded (its lease lapses
   * instead, and the unrecorded deliveries are sent again).
   */
  async flush(mark: number): Promise<void> {
    while (this.#writing) await this.#writing
    if (this.failedSince(mark)) throw this.#lastError
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH)
        for (let attempt = 0; ; attempt++) {
          try {
            await recordOutcomes(this.#db, batch, this.#nodeId)
            break
          } catch (error) {
            if (attempt < RETRIES_MS.length) {
              await new Promise((resolve) => setTimeout(resolve, RETRIES_MS[attempt]))
              continue
            }
            this.#failures++
            this.#lastError = error
            break
          }
        }
      }
    } finally {
      this.#writing = null
    }
  }
}
