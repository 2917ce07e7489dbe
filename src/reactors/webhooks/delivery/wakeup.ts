/** A wake-up call that is never lost: a wake with nobody waiting makes the next wait return at once. */
export class Wakeup {
  #pending = false
  #wake: (() => void) | undefined

  wake(): void {
    const wake = this.#wake
    if (wake) wake()
    else this.#pending = true
  }

  /** Until woken, or until `timeoutMs` when given. */
  wait(timeoutMs?: number): Promise<void> {
    if (this.#pending) {
      this.#pending = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const done = () => {
        if (timer) clearTimeout(timer)
        if (this.#wake === done) this.#wake = undefined
        resolve()
      }
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, Math.max(0, timeoutMs))
      this.#wake = done
    })
  }
}
