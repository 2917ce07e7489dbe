import { randomUUID } from 'node:crypto'
import type { ActionAnswer, WhatsAppAction } from '../../src/domain/actions/whatsapp-action.ts'
import type {
  ConnectionSettings,
  ConnectOptions,
  DriverConnection,
  DriverEvent,
  OutboundMessage,
  SentMessage,
  WhatsAppDriver,
} from '../../src/domain/ports/whatsapp-driver.ts'

/** A connection whose WhatsApp side the test plays: it emits what the test says and records sends. */
export class ScriptedConnection implements DriverConnection {
  readonly sessionId: string
  readonly options: ConnectOptions | undefined
  readonly sent: OutboundMessage[] = []
  ended = false
  loggedOut = false
  /** How long each send takes: lets a test make concurrent senders overlap for sure. */
  sendDelayMs = 0
  settings: ConnectionSettings | undefined
  readonly groups: Array<{ subject: string; participants: readonly string[] }> = []
  /** Every action asked of the connection, in order. */
  readonly actions: WhatsAppAction[] = []
  /** What the test's WhatsApp answers an action (default: nothing). */
  answer: (action: WhatsAppAction) => ActionAnswer | Promise<ActionAnswer> = () => ({})
  readonly #onEvent: (event: DriverEvent) => void

  constructor(sessionId: string, onEvent: (event: DriverEvent) => void, options?: ConnectOptions) {
    this.sessionId = sessionId
    this.#onEvent = onEvent
    this.options = options
    this.settings = options?.settings
  }

  configure(settings: ConnectionSettings): void {
    this.settings = settings
  }

  async createGroup(subject: string, participants: readonly string[]) {
    this.groups.push({ subject, participants })
    return { jid: `1203630${this.groups.length.toString().padStart(11, '0')}@g.us`, subject }
  }

  async act(action: WhatsAppAction): Promise<ActionAnswer> {
    this.actions.push(action)
    return this.answer(action)
  }

  emit(event: DriverEvent): void {
    this.#onEvent(event)
  }

  async send(message: OutboundMessage): Promise<SentMessage> {
    this.sent.push(message)
    if (this.sendDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.sendDelayMs))
    const keyId = message.messageId ?? `3EB0${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`
    const timestamp = Math.floor(Date.now() / 1000)
    const text = message.content.kind === 'text' ? message.content.text : null
    // Shaped as the real driver records a send, so that the read models can take it.
    const data = { keyId, remoteJid: message.jid, fromMe: true, senderJid: null, pushName: null, timestamp, type: text === null ? 'OTHER' : 'TEXT', text, content: message.content, quotedKeyId: null, media: null, status: 'PENDING', origin: 'gateway' }
    return { keyId, remoteJid: message.jid, timestamp, events: [{ type: 'message.sent', data }] }
  }

  async logout(): Promise<void> {
    this.loggedOut = true
    queueMicrotask(() => this.emit({ type: 'close', reason: 'logged_out' }))
  }

  async end(): Promise<void> {
    this.ended = true
  }
}

/** The driver port played by the test: every connect() opens a ScriptedConnection. */
export class ScriptedDriver implements WhatsAppDriver {
  readonly connections: ScriptedConnection[] = []
  readonly removedCredentials: string[] = []
  readonly #waiters: Array<() => void> = []

  connect(sessionId: string, onEvent: (event: DriverEvent) => void, options?: ConnectOptions): ScriptedConnection {
    const connection = new ScriptedConnection(sessionId, onEvent, options)
    this.connections.push(connection)
    for (const wake of this.#waiters.splice(0)) wake()
    return connection
  }

  async removeCredentials(sessionId: string): Promise<void> {
    this.removedCredentials.push(sessionId)
  }

  connectionsOf(sessionId: string): ScriptedConnection[] {
    return this.connections.filter((c) => c.sessionId === sessionId)
  }

  /** Waits until the session has opened `count` connections in all; returns the latest. */
  async connection(sessionId: string, count = 1, timeoutMs = 10_000): Promise<ScriptedConnection> {
    const deadline = Date.now() + timeoutMs
    while (this.connectionsOf(sessionId).length < count) {
      if (Date.now() > deadline) throw new Error(`session ${sessionId} opened ${this.connectionsOf(sessionId).length} of ${count} connections`)
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve)
        setTimeout(resolve, 50)
      })
    }
    return this.connectionsOf(sessionId).at(-1)!
  }
}
