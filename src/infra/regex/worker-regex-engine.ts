import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import type { RegexEngine, RegexVerdict } from '../../domain/ports/regex-engine.ts'
import type { RegexQuestion, RegexReply, RegexRequest } from './regex-worker.ts'

export interface WorkerRegexEngineOptions {
  /** The hard bound on one request (a message against a session's REGEX rules, or a pattern check). */
  readonly timeoutMs: number
  readonly logger: Logger
  /** How long a new worker may take to load (not part of the bound above). */
  readonly startupTimeoutMs?: number
}

interface Running {
  readonly worker: Worker
  readonly ready: Promise<void>
  /** The answer to the request in flight. */
  answer: ((reply: RegexReply | Error) => void) | undefined
}

/** A worker that runs away (say, a DFA cache gone wild) dies instead of growing the process. */
const WORKER_MEMORY_MB = 128

/**
 * RE2 (re2js, linear time) in a worker thread with a hard time bound: a request that takes longer
 * than `timeoutMs` terminates the worker and counts as "no match"; the next request starts a fresh
 * one. Requests run one at a time, so the bound is the time the worker spends on that request alone.
 */
export class WorkerRegexEngine implements RegexEngine {
  readonly #options: WorkerRegexEngineOptions
  #running: Running | undefined
  #queue: Promise<unknown> = Promise.resolve()
  #nextId = 1
  #closed = false

  constructor(options: WorkerRegexEngineOptions) {
    this.#options = options
  }

  async check(pattern: string): Promise<string | null> {
    const reply = await this.#ask({ op: 'check', pattern })
    if (reply === 'timeout') return `keyword: this pattern took more than ${this.#options.timeoutMs} ms to compile; simplify it`
    if (reply instanceof Error) return `keyword could not be checked: ${reply.message}`
    return reply.op === 'check' ? reply.problem : null
  }

  async firstMatch(patterns: readonly string[], text: string): Promise<RegexVerdict> {
    if (patterns.length === 0) return { index: null, timedOut: false }
    // Not "no match": the caller must not record a decision made without the engine.
    if (this.#closed) throw new Error('the regex engine is closed')
    const reply = await this.#ask({ op: 'match', patterns, text })
    if (reply === 'timeout') {
      this.#options.logger.warn({ patterns: patterns.length, textLength: text.length, timeoutMs: this.#options.timeoutMs }, 'REGEX rules ran out of time; counted as not matching')
      return { index: null, timedOut: true }
    }
    if (reply instanceof Error) {
      this.#options.logger.error({ err: reply, patterns: patterns.length }, 'REGEX worker failed; counted as not matching')
      return { index: null, timedOut: false }
    }
    if (reply.op !== 'match') return { index: null, timedOut: false }
    if (reply.failed.length > 0) this.#options.logger.warn({ failed: reply.failed }, 'REGEX patterns the engine could not run; counted as not matching')
    return { index: reply.index, timedOut: false }
  }

  async close(): Promise<void> {
    this.#closed = true
    await this.#queue.catch(() => {})
    await this.#stop()
  }

  /** One request at a time, in order. */
  #ask(request: RegexQuestion): Promise<RegexReply | Error | 'timeout'> {
    const asked = this.#queue.then(() => this.#run(request))
    this.#queue = asked.catch(() => {})
    return asked
  }

  async #run(request: RegexQuestion): Promise<RegexReply | Error | 'timeout'> {
    if (this.#closed) return new Error('the regex engine is closed')
    let running: Running
    try {
      running = await this.#start()
    } catch (error) {
      await this.#stop()
      return error as Error
    }
    const id = this.#nextId++
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        running.answer = undefined
        void this.#stop()
        resolve('timeout')
      }, this.#options.timeoutMs)
      running.answer = (reply) => {
        if (!(reply instanceof Error) && reply.id !== id) return
        clearTimeout(timer)
        running.answer = undefined
        resolve(reply)
      }
      const message: RegexRequest = { ...request, id }
      running.worker.postMessage(message)
    })
  }

  #start(): Promise<Running> {
    if (this.#running) return this.#running.ready.then(() => this.#running!)
    const worker = new Worker(new URL('./regex-worker.ts', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB } })
    worker.unref()
    let readied: () => void = () => {}
    let failed: (error: Error) => void = () => {}
    const running: Running = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        readied = resolve
        failed = reject
      }),
      answer: undefined,
    }
    const startup = setTimeout(() => failed(new Error('the regex worker did not start in time')), this.#options.startupTimeoutMs ?? 30_000)
    worker.on('message', (message: RegexReply | 'ready') => {
      if (message === 'ready') {
        clearTimeout(startup)
        readied()
      } else running.answer?.(message)
    })
    const gone = (error: Error) => {
      clearTimeout(startup)
      failed(error)
      running.answer?.(error)
      if (this.#running === running) this.#running = undefined
    }
    worker.on('error', gone)
    worker.on('exit', (code) => gone(new Error(`the regex worker exited (code ${code})`)))
    this.#running = running
    return running.ready.then(() => running)
  }

  async #stop(): Promise<void> {
    const running = this.#running
    this.#running = undefined
    if (running) await running.worker.terminate()
  }
}
