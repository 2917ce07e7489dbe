import type { LaneKey } from './insert-deliveries.ts'

export interface RoutedBatch {
  /** Lanes that received new deliveries. */
  readonly lanes: readonly LaneKey[]
  /** Lanes where a delivery was put back (a redelivery): it may now come before what the lane's runner has passed. */
  readonly requeued: readonly LaneKey[]
  /** Whether replays were asked for. */
  readonly replays: boolean
}

/**
 * What this node's router just routed, for the deliverer: it wakes exactly the lanes that got work
 * once the batch has committed (on the projection's progress), instead of polling every lane.
 */
export class RoutedBatches {
  #lanes = new Map<string, LaneKey>()
  #requeued = new Map<string, LaneKey>()
  #replays = false
  #applied = false

  /** Inside the router's transaction, which may still roll back: a wake-up for nothing costs one read. */
  applied(lanes: readonly LaneKey[], replays: boolean, requeued: readonly LaneKey[] = []): void {
    this.#applied = true
    for (const lane of lanes) this.#lanes.set(`${lane.webhookId}\u0000${lane.sessionId}`, lane)
    for (const lane of requeued) this.#requeued.set(`${lane.webhookId}\u0000${lane.sessionId}`, lane)
    this.#replays ||= replays
  }

  /** After the router's progress: what it routed here since the last call, or null when another node applied the batch. */
  take(): RoutedBatch | null {
    if (!this.#applied) return null
    const batch = { lanes: [...this.#lanes.values()], requeued: [...this.#requeued.values()], replays: this.#replays }
    this.#lanes = new Map()
    this.#requeued = new Map()
    this.#replays = false
    this.#applied = false
    return batch
  }
}
