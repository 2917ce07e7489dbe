import type { Logger } from 'pino'
import type { EventStore, StoredEvent } from '../domain/ports/event-store.ts'

export interface CatchUpOptions {
  readonly name: string
  readonly store: EventStore
  /** Exclusive: the position of the last event already handled. */
  readonly after: bigint
  readonly signal: AbortSignal
  readonly logger: Logger
  readonly batchSize?: number
  /** How long to sleep without news before looking again: a safety net under the append pulse. */
  readonly idleMs?: number
  /**
   * Handles one batch. Returns where to go on from: usually the batch's last position, or another
   * one when the consumer learnt that another instance moved its checkpoint.
   */
  handle(events: readonly StoredEvent[]): Promise<bigint>
}

const MAX_BACKOFF_MS = 30_000

/**
 * Reads the store from a position on, then waits for appends: the one loop every durable consumer
 * runs. A failing batch is retried with capped exponential backoff, never skipped.
 */
export async function catchUp(options: CatchUpOptions): Promise<void> {
  const { store, signal, logger, name, batchSize = 500, idleMs = 1000 } = options
  let after = options.after
  let failures = 0
  while (!signal.aborted) {
    // Listen before reading, so an append between the read and the wait is not slept through.
    const news = new AbortController()
    const woken = store.waitForAppend(idleMs, AbortSignal.any([signal, news.signal]))
    try {
      const events = await store.readAll({ after, limit: batchSize })
      if (events.length === 0) {
        await woken
        continue
      }
      news.abort()
      after = await options.handle(events)
      failures = 0
    } catch (error) {
      news.abort()
      if (signal.aborted) break
      failures++
      const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(failures, 16))
      logger.error({ err: error, consumer: name, after: after.toString(), failures, retryInMs: delay }, 'consumer batch failed; retrying')
      await sleep(delay, signal)
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
