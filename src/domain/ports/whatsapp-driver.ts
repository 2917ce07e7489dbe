import type { QuotedMessage, ResolvedContent } from '../messages/outbound.ts'
import type { ActionAnswer, WhatsAppAction } from '../actions/whatsapp-action.ts'
import type { NewEvent } from './event-store.ts'

/**
 * The WhatsApp driver port: one connection per session. The Baileys adapter speaks to WhatsApp (or to
 * the sandbox at WA_WS_URL); tests use a scripted driver. The session actor owns the connection.
 */

/** The linked account, once WhatsApp has told who it is. */
export interface LinkedAccount {
  readonly jid: string
  readonly lid?: string
  readonly name?: string
}

export type CloseReason =
  /** The phone unlinked this device, or WhatsApp refused its credentials: a new QR is needed. */
  | 'logged_out'
  /** WhatsApp asks for a new socket (after pairing): reconnect at once. */
  | 'restart_required'
  /** Nobody scanned the QR codes (or entered the code) in time: stop until someone starts the session again. */
  | 'qr_timeout'
  /** The socket closed or errored. */
  | 'connection_lost'
  /** WhatsApp's server (or WA_WS_URL) could not be reached at all: DNS, refused, no route, TLS. */
  | 'unreachable'
  /** The socket stayed open but stopped answering: a zombie. */
  | 'silent'
  /** Another client took this device's place. */
  | 'replaced'
  /** Anything else that ended the connection. */
  | 'failed'

export type DriverEvent =
  | { readonly type: 'qr'; readonly qr: string }
  | { readonly type: 'pairing-code'; readonly code: string }
  | { readonly type: 'open'; readonly me: LinkedAccount }
  | { readonly type: 'close'; readonly reason: CloseReason; readonly detail?: string }
  /** WhatsApp traffic to record in the session's messages stream (message.received, message.status, …). */
  | {
      readonly type: 'traffic'
      readonly events: readonly NewEvent[]
      /** Called once the events are in the store: WhatsApp may then be told the messages arrived. */
      readonly onRecorded?: () => void
    }

/** The session settings that change what the connection sends back to WhatsApp. */
export interface ConnectionSettings {
  /** Mark incoming messages read (blue ticks). */
  readonly readReceipts: boolean
  /** Send nothing about ourselves: no read receipts, no presence. Wins over readReceipts. */
  readonly ghostMode: boolean
  /** Decline incoming calls (the reply text, if any, is sent through the send path by a reactor). */
  readonly rejectCalls?: boolean
  /** The session's proxy URL, sealed (SESSION_PROXY_SEAL): the socket and media go through it. Null: direct. */
  readonly proxy?: string | null
}

export interface ConnectOptions {
  /** Link by pairing code for this phone number (digits only) instead of a QR. */
  readonly pairingPhone?: string
  readonly settings?: ConnectionSettings
}

export interface OutboundMessage {
  readonly jid: string
  readonly content: ResolvedContent
  readonly quoted?: QuotedMessage
  /** Our id for the message, used as WhatsApp's message id (stable ids make a resend a duplicate WhatsApp drops). */
  readonly messageId?: string
}

export interface SentMessage {
  readonly keyId: string
  readonly remoteJid: string
  readonly timestamp: number
  /** Domain events describing the sent message, for the messages stream. */
  readonly events: readonly NewEvent[]
}

export interface DriverConnection {
  send(message: OutboundMessage): Promise<SentMessage>
  /** Asks WhatsApp to unlink this device, then ends the connection. */
  logout(): Promise<void>
  /** Ends the socket and keeps the credentials. */
  end(): Promise<void>
  /** The session's settings changed. */
  configure(settings: ConnectionSettings): void
  /** Creates a group; its metadata arrives as group.update traffic too. */
  createGroup(subject: string, participants: readonly string[]): Promise<{ jid: string; subject: string }>
  /**
   * Any other action on the account (src/domain/actions): what it changed at WhatsApp is recorded as
   * traffic, like what WhatsApp tells; the answer is the action's, plain JSON.
   */
  act(action: WhatsAppAction): Promise<ActionAnswer>
}

export interface WhatsAppDriver {
  connect(sessionId: string, onEvent: (event: DriverEvent) => void, options?: ConnectOptions): DriverConnection
  /** Forgets the session's credentials (after a logout or a deletion). */
  removeCredentials(sessionId: string): Promise<void>
}
