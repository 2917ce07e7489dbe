import type { ContactCheck } from '../../domain/actions/contact-actions.ts'

/** What one usync contact query asks of WhatsApp: phone JIDs in, the ones it knows out. */
export type ExistenceQuery = (jids: readonly string[]) => Promise<ReadonlyArray<{ jid: string; exists: boolean; lid?: string | null }>>

export interface ContactChecksOptions {
  /** How long an answer is reused: re-checking a list does not ask WhatsApp again. */
  readonly ttlMs?: number
  /** Numbers per usync query (WhatsApp bans accounts that look numbers up in bulk). */
  readonly batchSize?: number
  /** Pause between two queries of one check. */
  readonly paceMs?: number
  readonly now?: () => number
  readonly sleep?: (ms: number) => Promise<void>
  readonly maxEntries?: number
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Existence checks of one session, cached: only numbers not checked within the TTL reach WhatsApp,
 * in batches, one batch at a time with a pause between, so a list check looks like a person's
 * contact sync rather than a scan.
 */
export class ContactChecks {
  readonly #cache = new Map<string, { check: ContactCheck; at: number }>()
  readonly #ttlMs: number
  readonly #batchSize: number
  readonly #paceMs: number
  readonly #now: () => number
  readonly #sleep: (ms: number) => Promise<void>
  readonly #maxEntries: number

  constructor(options: ContactChecksOptions = {}) {
    this.#ttlMs = options.ttlMs ?? DAY_MS
    this.#batchSize = options.batchSize ?? 50
    this.#paceMs = options.paceMs ?? 1_000
    this.#now = options.now ?? Date.now
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.#maxEntries = options.maxEntries ?? 50_000
  }

  async check(jids: readonly string[], query: ExistenceQuery): Promise<ContactCheck[]> {
    const wanted = [...new Set(jids)].filter((jid) => !this.#fresh(jid))
    for (let start = 0; start < wanted.length; start += this.#batchSize) {
      if (start > 0) await this.#sleep(this.#paceMs)
      const batch = wanted.slice(start, start + this.#batchSize)
      const answers = new Map((await query(batch)).map((a) => [a.jid, a]))
      const at = this.#now()
      // A number WhatsApp leaves out of its answer is not on WhatsApp.
      for (const jid of batch) {
        const answer = answers.get(jid)
        this.#remember({ jid, exists: answer?.exists ?? false, lid: answer?.lid ?? null }, at)
      }
    }
    return jids.map((jid) => this.#fresh(jid) ?? { jid, exists: false, lid: null })
  }

  #fresh(jid: string): ContactCheck | undefined {
    const entry = this.#cache.get(jid)
    if (!entry) return undefined
    if (this.#now() - entry.at < this.#ttlMs) return entry.check
    this.#cache.delete(jid)
    return undefined
  }

  #remember(check: ContactCheck, at: number): void {
    this.#cache.delete(check.jid)
    this.#cache.set(check.jid, { check, at })
    if (this.#cache.size > this.#maxEntries) this.#cache.delete(this.#cache.keys().next().value!)
  }
}
