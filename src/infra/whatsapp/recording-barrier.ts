/**
 * Holds back whatever would tell WhatsApp (or our own Signal state) that a message was handled,
 * until the message is recorded.
 *
 * Baileys decrypts a message, saves the advanced Signal state, sends WhatsApp the delivery receipt
 * and only then hands the message over; WhatsApp forgets a message once it has the receipt. A crash
 * before the message reached the store lost it, and the saved Signal state meant it could not have
 * been decrypted again anyway. The barrier keeps order instead: work done after a message arrived
 * (a frame to send, a key to save) waits until every message that arrived before it is recorded.
 * Baileys is not kept waiting (it must carry on to hand the message over), so a crash before the
 * store leaves WhatsApp without a receipt and our keys as they were: the message comes again and
 * decrypts again.
 */
export interface RecordingBarrierOptions {
  /**
   * A message Baileys never handed over (one it refused, or failed to decrypt) stops holding work
   * back after this long. Messages handed over wait for the store however long it takes.
   */
  readonly unclaimedAfterMs?: number
  readonly now?: () => number
}

interface Held {
  readonly run: () => void
  /** The last arrival this work may acknowledge. */
  readonly after: number
}

interface Arrival {
  readonly seq: number
  readonly at: number
  /** Handed over by Baileys: waits for the store, however long. */
  claimed: boolean
}

const UNCLAIMED_AFTER_MS = 5_000

export class RecordingBarrier {
  readonly #unclaimedAfterMs: number
  readonly #now: () => number
  /** Messages arrived and not yet recorded, by stanza id, in arrival order. */
  readonly #pending = new Map<string, Arrival>()
  #held: Held[] = []
  #seq = 0

  constructor(options: RecordingBarrierOptions = {}) {
    this.#unclaimedAfterMs = options.unclaimedAfterMs ?? UNCLAIMED_AFTER_MS
    this.#now = options.now ?? Date.now
  }

  /** No message waits to be recorded, so no work waits either: work may run at once. */
  get clear(): boolean {
    return this.#pending.size === 0
  }

  /** How many messages are waiting to be recorded, and how much work waits for them. */
  get waiting(): { readonly messages: number; readonly held: number } {
    return { messages: this.#pending.size, held: this.#held.length }
  }

  /** A message stanza came in. */
  arrived(id: string): void {
    if (!this.#pending.has(id)) this.#pending.set(id, { seq: ++this.#seq, at: this.#now(), claimed: false })
  }

  /** Baileys handed these messages over; they are being recorded. */
  claimed(ids: Iterable<string>): void {
    for (const id of ids) {
      const arrival = this.#pending.get(id)
      if (arrival) arrival.claimed = true
    }
  }

  /** These messages are recorded (or never will be): work done after them may run. */
  recorded(ids: Iterable<string>): void {
    for (const id of ids) this.#pending.delete(id)
    this.#release()
  }

  /** Runs the work now if nothing is waiting, otherwise once the messages that arrived before it are recorded, in order. */
  hold(run: () => void): void {
    if (this.clear) return run()
    this.#held.push({ run, after: this.#seq })
  }

  /** Lets go of messages Baileys never handed over; call now and then. */
  sweep(): void {
    const cutoff = this.#now() - this.#unclaimedAfterMs
    for (const [id, arrival] of this.#pending) if (!arrival.claimed && arrival.at <= cutoff) this.#pending.delete(id)
    this.#release()
  }

  /** The connection is gone: held work is dropped, as a crash would drop it. */
  close(): void {
    this.#held = []
    this.#pending.clear()
  }

  #release(): void {
    const oldest = this.#pending.values().next().value?.seq ?? Infinity
    let released = 0
    while (released < this.#held.length && this.#held[released]!.after < oldest) released++
    if (released === 0) return
    for (const held of this.#held.splice(0, released)) held.run()
  }
}
