import type { Logger } from 'pino'

/** What a started gateway must undo, undone in the reverse order it was done; one failure does not stop the rest. */
export class Closers {
  readonly #closers: Array<() => Promise<void>> = []
  readonly #log: Logger

  constructor(log: Logger) {
    this.#log = log
  }

  push(closer: () => Promise<void>): void {
    this.#closers.push(closer)
  }

  async close(): Promise<void> {
    for (const closer of this.#closers.reverse().splice(0)) {
      try {
        await closer()
      } catch (error) {
        this.#log.error({ err: error }, 'error during shutdown')
      }
    }
  }
}
