import type { Logger } from 'pino'
import { backoffDelay, type BackoffPolicy } from '../domain/retry/backoff.ts'
import type { StoredEvent } from '../domain/ports/event-store.ts'
import { sleep } from '../domain/retry/sleep.ts'
import { isTransientError } from '../domain/retry/transient-error.ts'
import type { EventSource } from './event-source.ts'

export interface CatchUpOptions {
  readonly name: string
  /** The process's shared feed (one store read per batch for all consumers), or the store itself. */
  readonly source: EventSource
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
  /**
   * After `handle` failed on a batch with an error retrying would not cure: handles the batch event by
   * event, parking the ones that fail, and returns where to go on from. Throws (a transient error) to
   * have the rest of the batch retried: it calls `progressed` with each position it has handled for
   * good, so the retry starts after those, not at the batch's start. Without it, every failure is retried.
   */
  isolate?(events: readonly StoredEvent[], error: unknown, progressed: (position: bigint) => void): Promise<bigint>
}

/** Retries of a batch that failed on a transient error (the database or the bus away). */
export const CONSUMER_BACKOFF: BackoffPolicy = { baseMs: 200, maxMs: 30_000 }

/**
 * Reads the store from a position on, then waits for appends: the one loop every durable consumer
 * runs. A batch that fails on a transient error is retried with capped exponential backoff; one that
 * fails otherwise is isolated, so a poison event is parked and the consumer goes on past it.
 */
export async function catchUp(options: CatchUpOptions): Promise<void> {
  const { source, signal, logger, name, batchSize = 500, idleMs = 1000 } = options
  let after = options.after
  let failures = 0
  while (!signal.aborted) {
    // Listen before reading, so an append between the read and the wait is not slept through.
    const news = new AbortController()
    const woken = source.waitForAppend(idleMs, AbortSignal.any([signal, news.signal]))
    try {
      const events = await source.readAll({ after, limit: batchSize })
      if (events.length === 0) {
        await woken
        continue
      }
      news.abort()
      try {
        after = await options.handle(events)
      } catch (error) {
        if (signal.aborted || isTransientError(error) || !options.isolate) throw error
        logger.warn({ err: error, consumer: name, after: after.toString(), events: events.length }, 'consumer batch failed; applying it event by event to find the one that fails')
        after = await options.isolate(events, error, (position) => {
          if (position > after) after = position
        })
      }
      failures = 0
    } catch (error) {
      news.abort()
      if (signal.aborted) break
      failures++
      const delay = backoffDelay(failures, CONSUMER_BACKOFF)
      logger.error({ err: error, consumer: name, after: after.toString(), failures, retryInMs: delay }, 'consumer batch failed; retrying')
      await sleep(delay, signal)
    }
  }
}
