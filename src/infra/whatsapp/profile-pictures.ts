import { jidNormalizedUser } from '@whiskeysockets/baileys'
import { ContactEventTypes, type ContactUpdateData } from '../../domain/messages/message-events.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'

/** One lookup at a time, this far apart: WhatsApp rate-limits profile picture queries. */
const SPACING_MS = 300

/**
 * WhatsApp does not push profile pictures; they are asked for. This asks once per contact per
 * connection, one at a time, and records the answer (a URL, or none) as a contact.update.
 */
export class ProfilePictures {
  readonly #fetch: (jid: string) => Promise<string | undefined>
  readonly #record: (events: NewEvent[]) => void
  readonly #asked = new Set<string>()
  /** What was last recorded per contact, kept by the driver across this session's connections. */
  readonly #known: Map<string, string | null>
  readonly #pending: string[] = []
  #running = false
  #stopped = false

  constructor(fetch: (jid: string) => Promise<string | undefined>, record: (events: NewEvent[]) => void, known: Map<string, string | null>) {
    this.#fetch = fetch
    this.#record = record
    this.#known = known
  }

  want(jid: string | undefined | null): void {
    if (!jid || !jid.endsWith('@s.whatsapp.net')) return
    const normalized = jidNormalizedUser(jid)
    if (this.#asked.has(normalized)) return
    this.#asked.add(normalized)
    this.#pending.push(normalized)
    if (!this.#running) void this.#drain()
  }

  stop(): void {
    this.#stopped = true
    this.#pending.length = 0
  }

  async #drain(): Promise<void> {
    this.#running = true
    while (!this.#stopped && this.#pending.length > 0) {
      const jid = this.#pending.shift()!
      let url: string | null = null
      try {
        url = (await this.#fetch(jid)) ?? null
      } catch {
        url = null // no picture, or not visible to us
      }
      if (this.#stopped) break
      if (this.#known.get(jid) !== url) {
        this.#known.set(jid, url)
        const data: ContactUpdateData = { jid, imgUrl: url }
        this.#record([{ type: ContactEventTypes.update, data }])
      }
      await new Promise((resolve) => setTimeout(resolve, SPACING_MS))
    }
    this.#running = false
  }
}
