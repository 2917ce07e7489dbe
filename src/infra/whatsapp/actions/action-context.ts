import type { WASocket } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'
import type { NewEvent } from '../../../domain/ports/event-store.ts'
import type { proto } from '@whiskeysockets/baileys'
import type { IdentityBook } from '../identity-book.ts'
import type { PollBook } from '../poll-book.ts'
import type { ContactChecks } from '../contact-checks.ts'

/** What an action's Baileys implementation works with: the open socket and the connection's edge. */
export interface ActionContext {
  readonly sessionId: string
  readonly socket: WASocket
  /** LID↔phone-number pairs: canonical forms for what the action records and answers. */
  readonly identities: IdentityBook
  /** The polls whose votes the connection can decrypt. */
  readonly polls: PollBook
  /**
   * A message the action sent as a message of its own (a forward): its receipts are the gateway's to
   * record, and WhatsApp's retry requests are answered with it.
   */
  remember(keyId: string, jid: string, sent: proto.IMessage): void
  /** Records what the action changed (its events go to the session's messages stream, in order). */
  record(events: readonly NewEvent[]): void
  readonly log: Logger
  /** The session's cached existence checks (they outlive a reconnect). */
  readonly checks: ContactChecks
}
