/**
 * How the deliverer reaches the runners of the lanes it holds: a runner whose lane ran dry lingers
 * until woken; one still busy is nudged, so it looks again before it lingers; one whose lane had
 * deliveries put back behind its cursor reads the lane again from the start.
 */
export class LaneSignals {
  /** Runners whose lane ran dry, waiting for more: how to wake them. */
  readonly #lingering = new Map<string, () => void>()
  /** Lanes that got work while their runner was busy. */
  readonly #nudged = new Set<string>()
  /** Lanes where deliveries were put back, behind where their runner has come. */
  readonly #requeued = new Set<string>()

  /** The lane may have more: its lingering runner wakes, or its busy one looks again. */
  news(key: string): void {
    const wake = this.#lingering.get(key)
    if (wake) wake()
    else this.#nudged.add(key)
  }

  /** Deliveries were put back in the lane: its runner goes back to the start. */
  putBack(key: string): void {
    this.#requeued.add(key)
    this.news(key)
  }

  /** Whether deliveries were put back since the runner last asked. */
  takeRequeued(key: string): boolean {
    return this.#requeued.delete(key)
  }

  /** Resolves true when the lane got news, false when `ms` ran out or `stopping()` holds. */
  linger(key: string, ms: number, stopping: () => boolean): Promise<boolean> {
    if (this.#nudged.delete(key)) return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer)
        if (this.#lingering.get(key) === wake) this.#lingering.delete(key)
        resolve(woken)
      }
      const wake = () => done(!stopping())
      const timer = setTimeout(() => done(false), ms)
      this.#lingering.set(key, wake)
    })
  }

  /** Wakes every lingering runner (they look at their stopping flag, or read their lane again). */
  wakeAll(): void {
    for (const wake of this.#lingering.values()) wake()
  }

  /** The lane's runner finished. */
  forget(key: string): void {
    this.#nudged.delete(key)
    this.#requeued.delete(key)
  }
}
