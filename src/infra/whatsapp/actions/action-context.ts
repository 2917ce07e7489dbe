import type { WASocket } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'
import type { NewEvent } from '../../../domain/ports/event-store.ts'
import type { IdentityBook } from '../identity-book.ts'
import type { ContactChecks } from '../contact-checks.ts'

/** What an action's Baileys implementation works with: the open socket and the connection's edge. */
export interface ActionContext {
  readonly sessionId: string
  readonly socket: WASocket
  /** LID↔phone-number pairs: canonical forms for what the action records and answers. */
  readonly identities: IdentityBook
  /** Records what the action changed (its events go to the session's messages stream, in order). */
  record(events: readonly NewEvent[]): void
  readonly log: Logger
  /** The session's cached existence checks (they outlive a reconnect). */
  readonly checks: ContactChecks
}
