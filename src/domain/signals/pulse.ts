/**
 * Wakes everyone waiting for "something happened" (an append, news in a feed). Waiters look again
 * themselves, so a pulse carries no data and a missed pulse costs at most one timeout.
 */
export class Pulse {
  #waiters = new Set<() => void>()

  fire(): void {
    const waiters = this.#waiters
    this.#waiters = new Set()
    for (const wake of waiters) wake()
  }

  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', done)
        this.#waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      signal?.addEventListener('abort', done, { once: true })
      this.#waiters.add(done)
    })
  }
}
