import type { WASocket } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'
import { GroupEventTypes } from '../../domain/messages/message-events.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'
import type { IdentityBook } from './identity-book.ts'
import { groupData } from './traffic-events.ts'

/**
 * Reads a group's metadata again shortly after WhatsApp told of a change to it, and records it as a
 * group.update. Baileys 7's event buffer keeps only the first groups.update of a group per flush
 * (two quick changes, e.g. a subject then "only admins may send", lose the second), so the metadata
 * itself is the record. One read per group per burst of changes.
 */
export class GroupRefresher {
  readonly #socket: () => WASocket | null
  readonly #book: IdentityBook
  readonly #record: (events: NewEvent[]) => void
  readonly #log: Logger
  readonly #delayMs: number
  readonly #due = new Map<string, NodeJS.Timeout>()

  constructor(socket: () => WASocket | null, book: IdentityBook, record: (events: NewEvent[]) => void, log: Logger, delayMs = 300) {
    this.#socket = socket
    this.#book = book
    this.#record = record
    this.#log = log
    this.#delayMs = delayMs
  }

  want(jid: string): void {
    if (this.#due.has(jid)) return
    const timer = setTimeout(() => {
      this.#due.delete(jid)
      void this.#refresh(jid)
    }, this.#delayMs)
    timer.unref()
    this.#due.set(jid, timer)
  }

  close(): void {
    for (const timer of this.#due.values()) clearTimeout(timer)
    this.#due.clear()
  }

  async #refresh(jid: string): Promise<void> {
    const socket = this.#socket()
    if (!socket) return
    try {
      const metadata = await socket.groupMetadata(jid)
      this.#record([{ type: GroupEventTypes.update, data: groupData(metadata, this.#book) }])
    } catch (error) {
      // Not a member any more (removed, left), or the connection went: the notification's own record stands.
      this.#log.debug({ err: error, group: jid }, 'could not read a changed group again')
    }
  }
}
