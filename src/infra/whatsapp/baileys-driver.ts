import makeWASocket, {
  Browsers,
  generateMessageIDV2,
  jidNormalizedUser,
  makeCacheableSignalKeyStore,
  type BaileysEventMap,
  type BinaryNode,
  type WAMessageKey,
  type WASocket,
  type proto,
} from '@whiskeysockets/baileys'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { SecretBox } from '../../domain/ports/crypto.ts'
import type { MediaStore } from '../../domain/ports/media-store.ts'
import { MediaDownloads } from './media-downloads.ts'
import type {
  ConnectionSettings,
  ConnectOptions,
  DriverConnection,
  DriverEvent,
  OutboundMessage,
  SentMessage,
  WhatsAppDriver,
} from '../../domain/ports/whatsapp-driver.ts'
import { deleteAuth } from './auth/delete-auth.ts'
import { loadPostgresAuthState } from './auth/postgres-auth-state.ts'
import type { WaAuthTables } from './auth/tables.ts'
import { closeReasonOf } from './disconnect-reason.ts'
import { baileysLogger as baileysLoggerOf } from './baileys-logger.ts'
import { ProfilePictures } from './profile-pictures.ts'
import { RecordingBarrier } from './recording-barrier.ts'
import { holdKeyWrites } from './auth/held-key-writes.ts'
import { toBaileysSend } from './outbound-content.ts'
import { storableText, storableValue } from '../../domain/text/storable-text.ts'
import { contactEvents, groupEvents, participantsEvent, presenceEvent, receiptEvents, sentEvents, statusEvent, updateEvents, upsertEvents } from './traffic-events.ts'
import { STATUS_JID } from '../../domain/messages/jid.ts'
import { IdentityBook } from './identity-book.ts'
import { proxyAgents, type ProxyAgents } from './proxy-agents.ts'
import { PollBook } from './poll-book.ts'
import { performAction } from './actions/perform-action.ts'
import { ContactChecks } from './contact-checks.ts'
import { blocklistEvents, blocklistSet } from './blocklist-events.ts'
import { callReceivedEvent, isOffer } from './call-events.ts'
import { chatDeleteEvents, chatUpdateEvents } from './chat-traffic.ts'
import { GroupRefresher } from './group-refresher.ts'
import type { ActionAnswer, WhatsAppAction } from '../../domain/actions/whatsapp-action.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'

export interface BaileysDriverOptions {
  readonly db: Kysely<WaAuthTables>
  /** Seals the credentials and Signal keys at rest. */
  readonly box: SecretBox
  readonly logger: Logger
  /** WhatsApp's (or the sandbox's) WebSocket URL; unset: WhatsApp. */
  readonly webSocketUrl?: string
  readonly keepAliveIntervalMs?: number
  /** Baileys' own log level (it is chatty): `BAILEYS_LOG_LEVEL`, default warn. */
  readonly baileysLogLevel?: string
  /** Where received media is kept; without it, media is not downloaded. */
  readonly media?: MediaStore
  readonly mediaMaxBytes?: number
  /** Record who is online or typing (frequent, so off unless asked for). */
  readonly presenceUpdates?: boolean
  /** Opens the sessions' sealed proxy URLs (SESSION_PROXY_SEAL). */
  readonly proxyBox?: SecretBox
}

/** How many sent messages each connection keeps for WhatsApp's retry requests (getMessage). */
const RETRY_CACHE = 500
/**
 * Baileys holds events back while WhatsApp replays what arrived during an absence, and the receipts
 * for those messages (with every frame behind them) wait until they are recorded: flushing this
 * often bounds that wait.
 */
const BUFFER_FLUSH_MS = 250

/** The gateway's one WhatsApp driver: a Baileys socket per session, its auth state in Postgres. */
export class BaileysDriver implements WhatsAppDriver {
  readonly #options: BaileysDriverOptions
  /** Profile pictures last recorded, per session: a reconnect records only what changed. */
  readonly #pictures = new Map<string, Map<string, string | null>>()
  /** Contact existence answers, per session: a reconnect does not ask WhatsApp again. */
  readonly #checks = new Map<string, ContactChecks>()

  constructor(options: BaileysDriverOptions) {
    this.#options = options
  }

  connect(sessionId: string, onEvent: (event: DriverEvent) => void, options: ConnectOptions = {}): DriverConnection {
    let pictures = this.#pictures.get(sessionId)
    if (!pictures) this.#pictures.set(sessionId, (pictures = new Map()))
    let checks = this.#checks.get(sessionId)
    if (!checks) this.#checks.set(sessionId, (checks = new ContactChecks()))
    return new BaileysConnection(sessionId, onEvent, options, this.#options, pictures, checks)
  }

  removeCredentials(sessionId: string): Promise<void> {
    this.#pictures.delete(sessionId)
    this.#checks.delete(sessionId)
    return deleteAuth(this.#options.db, sessionId)
  }
}

class BaileysConnection implements DriverConnection {
  readonly #sessionId: string
  readonly #emit: (event: DriverEvent) => void
  readonly #log: Logger
  readonly #ready: Promise<WASocket | null>
  /** Ids this connection sent, with the chat they went to: recorded by the gateway itself, not from Baileys' echo. */
  readonly #ownSends = new Map<string, string>()
  readonly #sent = new Map<string, proto.IMessage>()
  /** LID↔phone-number pairs: every address this connection records is in canonical form. */
  readonly #identities = new IdentityBook()
  /** The polls whose votes this connection can decrypt (their secrets, kept sealed with the credentials). */
  #polls = new PollBook()
  #socket: WASocket | null = null
  /** Receipts and Signal key writes wait here for the messages they acknowledge to be recorded. */
  readonly #barrier = new RecordingBarrier()
  #open = false
  #ended = false
  #settings: ConnectionSettings
  readonly #presence: boolean
  readonly #pictures: ProfilePictures
  readonly #groups: GroupRefresher
  readonly #downloads: MediaDownloads | undefined
  readonly #proxy: ProxyAgents | undefined
  readonly #checks: ContactChecks

  constructor(
    sessionId: string,
    emit: (event: DriverEvent) => void,
    connectOptions: ConnectOptions,
    options: BaileysDriverOptions,
    knownPictures: Map<string, string | null>,
    checks: ContactChecks,
  ) {
    this.#sessionId = sessionId
    this.#checks = checks
    this.#log = options.logger.child({ sessionId, component: 'baileys-driver' })
    // The driver's edge: whatever WhatsApp sent (texts, names, subjects, captions, vCards) leaves it storable.
    this.#emit = (event) => {
      if (!this.#ended) emit(storableValue(event))
    }
    this.#settings = connectOptions.settings ?? { readReceipts: false, ghostMode: false }
    // The session's proxy, opened here only: the socket and media go through it.
    this.#proxy = this.#settings.proxy && options.proxyBox ? proxyAgents(options.proxyBox.open(this.#settings.proxy)) : undefined
    this.#presence = options.presenceUpdates ?? false
    this.#groups = new GroupRefresher(() => (this.#open ? this.#socket : null), this.#identities, (events) => this.#emit({ type: 'traffic', events: this.#withIdentities(events) }), this.#log)
    this.#pictures = new ProfilePictures(
      (jid) => this.#socket?.profilePictureUrl(jid, 'preview') ?? Promise.resolve(undefined),
      (events) => this.#emit({ type: 'traffic', events }),
      knownPictures,
    )
    this.#downloads = options.media
      ? new MediaDownloads({
          sessionId,
          store: options.media,
          maxBytes: options.mediaMaxBytes ?? 64 * 1024 * 1024,
          socket: () => this.#socket,
          logger: options.logger,
          record: (events) => this.#emit({ type: 'traffic', events }),
          dispatcher: () => this.#proxy?.fetch,
          canonical: (jid) => this.#identities.canonical(jid),
        })
      : undefined
    this.#ready = this.#start(connectOptions, options).catch((error: unknown) => {
      this.#log.error({ err: error }, 'could not start the WhatsApp socket')
      this.#emit({ type: 'close', reason: 'failed', detail: (error as Error).message })
      return null
    })
  }

  async #start(connectOptions: ConnectOptions, options: BaileysDriverOptions): Promise<WASocket | null> {
    const auth = await loadPostgresAuthState(options.db, options.box, this.#sessionId)
    this.#identities.seed(await auth.identities())
    this.#polls = new PollBook((id, poll) => void auth.savePoll(id, poll).catch((error: unknown) => this.#log.warn({ err: error, id }, 'could not keep a poll secret')))
    this.#polls.seed(await auth.polls())
    if (this.#ended) return null
    const baileysLogger = baileysLoggerOf(options.logger.child({ sessionId: this.#sessionId, component: 'baileys' }, { level: options.baileysLogLevel ?? 'warn' }))
    const socket = makeWASocket({
      auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(holdKeyWrites(auth.keys, this.#barrier, this.#log), baileysLogger) },
      logger: baileysLogger,
      browser: Browsers.ubuntu('Chrome'),
      markOnlineOnConnect: false,
      syncFullHistory: false,
      ...(options.webSocketUrl ? { waWebSocketUrl: options.webSocketUrl } : {}),
      ...(options.keepAliveIntervalMs ? { keepAliveIntervalMs: options.keepAliveIntervalMs } : {}),
      ...(this.#proxy ? { agent: this.#proxy.socket as never, fetchAgent: this.#proxy.socket as never } : {}),
      getMessage: async (key: WAMessageKey) => (key.id ? this.#sent.get(key.id) : undefined),
    })
    this.#socket = socket
    holdFrames(socket, this.#barrier, this.#log)
    const flusher = setInterval(() => {
      if (socket.ev.isBuffering()) socket.ev.flush()
      this.#barrier.sweep()
    }, BUFFER_FLUSH_MS)
    flusher.unref()
    socket.ev.on('connection.update', (update) => {
      if (update.connection !== 'close') return
      clearInterval(flusher)
      this.#barrier.close()
      this.#groups.close()
    })
    // Baileys reports only failed server acks; a clean one is what makes a sent message SENT.
    socket.ws.on('CB:ack,class:message', (node: BinaryNode) => {
      const remoteJid = this.#ownSends.get(node.attrs.id ?? '')
      if (remoteJid && !node.attrs.error) {
        this.#emit({ type: 'traffic', events: [statusEvent(this.#sessionId, { keyId: node.attrs.id!, remoteJid: this.#identities.canonical(remoteJid), status: 'SENT' })] })
      }
    })
    let credsSaved = Promise.resolve()
    let pairingRequested = false

    socket.ev.process(async (events) => {
      // Traffic first: a batch that also closes the socket still records what came before the close.
      this.#traffic(events)
      if (events['creds.update']) {
        credsSaved = credsSaved.then(auth.saveCreds).catch((error: unknown) => this.#log.error({ err: error }, 'could not save WhatsApp credentials'))
      }
      const update = events['connection.update']
      if (update) {
        if (update.qr) {
          if (connectOptions.pairingPhone && !auth.creds.registered) {
            if (!pairingRequested) {
              pairingRequested = true
              socket
                .requestPairingCode(connectOptions.pairingPhone)
                .then((code) => this.#emit({ type: 'pairing-code', code }))
                .catch((error: unknown) => this.#log.warn({ err: error }, 'pairing code request failed'))
            }
          } else {
            this.#emit({ type: 'qr', qr: update.qr })
          }
        }
        if (update.connection === 'open') {
          this.#open = true
          void this.#afterOpen(socket)
          const user = socket.user
          this.#polls.setMe(user?.id, user?.lid)
          this.#emit({
            type: 'open',
            me: { jid: user?.id ? jidNormalizedUser(user.id) : '', ...(user?.lid ? { lid: jidNormalizedUser(user.lid) } : {}), ...(user?.name ? { name: user.name } : {}) },
          })
        }
        if (update.connection === 'close') {
          this.#open = false
          await credsSaved
          const { reason, detail } = closeReasonOf(update.lastDisconnect?.error, hostOf(options.webSocketUrl))
          if (reason === 'unreachable') this.#log.warn({ detail }, 'cannot reach WhatsApp; retrying with backoff')
          this.#emit({ type: 'close', reason, detail })
          this.#ended = true
          this.#pictures.stop()
          this.#downloads?.stop()
        }
      }
    })
    return socket
  }

  /** What WhatsApp does not push on its own: the groups this account is in, and our presence (none in ghost mode). */
  async #afterOpen(socket: WASocket): Promise<void> {
    try {
      if (this.#settings.ghostMode) await socket.sendPresenceUpdate('unavailable')
      const groups = await socket.groupFetchAllParticipating()
      const events = this.#withIdentities(groupEvents(Object.values(groups), this.#identities))
      if (events.length > 0) this.#emit({ type: 'traffic', events })
    } catch (error) {
      this.#log.warn({ err: error }, 'could not fetch groups after connecting')
    }
    try {
      const blocked = await socket.fetchBlocklist()
      this.#emit({ type: 'traffic', events: this.#withIdentities([blocklistSet(blocked.filter((jid): jid is string => typeof jid === 'string'), this.#identities)]) })
    } catch (error) {
      this.#log.warn({ err: error }, 'could not fetch the blocklist after connecting')
    }
  }

  /** Calls placed to us: recorded, and declined at once when the session says so. */
  #calls(calls: BaileysEventMap['call']): NewEvent[] {
    const events: NewEvent[] = []
    for (const call of calls.filter(isOffer)) {
      const reject = Boolean(this.#settings.rejectCalls)
      if (reject) void this.#socket?.rejectCall(call.id, call.from).catch((error: unknown) => this.#log.warn({ err: error, callId: call.id }, 'could not reject a call'))
      events.push(callReceivedEvent(this.#sessionId, call, this.#identities, reject))
    }
    return events
  }

  configure(settings: ConnectionSettings): void {
    const becameGhost = settings.ghostMode && !this.#settings.ghostMode
    const proxyChanged = (settings.proxy ?? null) !== (this.#settings.proxy ?? null)
    this.#settings = settings
    if (proxyChanged) {
      // A socket cannot change its route: this one closes, and the session reconnects through the new proxy.
      this.#log.info('proxy changed; reconnecting through it')
      this.#socket?.end(new Error('the session proxy changed'))
      return
    }
    if (becameGhost && this.#open) void this.#socket?.sendPresenceUpdate('unavailable').catch(() => {})
  }

  async createGroup(subject: string, participants: readonly string[]): Promise<{ jid: string; subject: string }> {
    const socket = await this.#ready
    if (!socket || !this.#open) throw Object.assign(new Error('the WhatsApp connection is not open'), { code: 'SESSION_NOT_CONNECTED' })
    // What WhatsApp gets is what is recorded: a subject Postgres cannot store is made storable first.
    const group = await socket.groupCreate(storableText(subject), [...participants])
    this.#emit({ type: 'traffic', events: this.#withIdentities(groupEvents([group], this.#identities)) })
    return { jid: group.id, subject: group.subject }
  }

  async act(action: WhatsAppAction): Promise<ActionAnswer> {
    const socket = await this.#ready
    if (!socket || !this.#open) throw Object.assign(new Error('the WhatsApp connection is not open'), { code: 'SESSION_NOT_CONNECTED' })
    return performAction(
      {
        sessionId: this.#sessionId,
        socket,
        identities: this.#identities,
        polls: this.#polls,
        remember: (keyId, jid, sent) => {
          this.#ownSends.set(keyId, jid)
          this.#remember(keyId, sent)
        },
        record: (events) => this.#emit({ type: 'traffic', events: this.#withIdentities([...events]) }),
        log: this.#log,
        checks: this.#checks,
      },
      action,
    )
  }

  /** Blue ticks for what arrived, when the session wants them and is not a ghost. */
  #acknowledgeRead(upsert: BaileysEventMap['messages.upsert']): void {
    if (upsert.type !== 'notify' || !this.#settings.readReceipts || this.#settings.ghostMode) return
    const keys = upsert.messages.filter((m) => !m.key.fromMe && m.key.remoteJid !== STATUS_JID && m.message).map((m) => m.key)
    if (keys.length > 0) void this.#socket?.readMessages(keys).catch((error: unknown) => this.#log.warn({ err: error }, 'could not send read receipts'))
  }

  #traffic(events: Partial<BaileysEventMap>): void {
    const id = this.#sessionId
    const book = this.#identities
    const mapping = events['lid-mapping.update']
    if (mapping) book.learn(mapping.lid, mapping.pn)
    const traffic = [
      ...(events['messages.upsert'] ? upsertEvents(id, events['messages.upsert'], this.#ownSends, book, this.#polls) : []),
      ...(events['messages.update'] ? updateEvents(id, events['messages.update'], this.#ownSends, book) : []),
      ...(events['message-receipt.update'] ? receiptEvents(id, events['message-receipt.update'], this.#ownSends, book) : []),
      ...(events['contacts.upsert'] ? contactEvents(events['contacts.upsert'], book) : []),
      ...(events['contacts.update'] ? contactEvents(events['contacts.update'], book) : []),
      ...(events['groups.upsert'] ? groupEvents(events['groups.upsert'], book) : []),
      ...(events['groups.update'] ? groupEvents(events['groups.update'], book) : []),
      ...(events['group-participants.update'] ? [participantsEvent(events['group-participants.update'], book, [this.#socket?.user?.id, this.#socket?.user?.lid])] : []),
      ...(events['chats.update'] ? chatUpdateEvents(events['chats.update'], book) : []),
      ...(events['chats.delete'] ? chatDeleteEvents(events['chats.delete'], book) : []),
      ...(events['presence.update'] && this.#presence ? [presenceEvent(events['presence.update'])] : []),
      ...blocklistEvents(events, book),
      ...(events.call ? this.#calls(events.call) : []),
    ]
    // The pairs first: the read models merge a person's two forms before the traffic that names them.
    const recorded = this.#withIdentities(traffic)
    const upsert = events['messages.upsert']
    const arrived = upsert ? upsert.messages.flatMap((m) => (m.key.id ? [m.key.id] : [])) : []
    this.#barrier.claimed(arrived)
    const onRecorded = () => this.#barrier.recorded(arrived)
    if (recorded.length > 0) this.#emit({ type: 'traffic', events: recorded, onRecorded })
    else onRecorded()
    if (upsert) {
      this.#acknowledgeRead(upsert)
      this.#downloads?.fetch(upsert.messages)
      for (const m of upsert.messages) if (!m.key.fromMe && m.key.remoteJid && !m.key.remoteJid.endsWith('@g.us')) this.#pictures.want(book.canonical(m.key.remoteJid))
    }
    for (const group of events['groups.update'] ?? []) if (group.id) this.#groups.want(group.id)
    for (const contact of events['contacts.upsert'] ?? []) this.#pictures.want(book.canonical(contact.phoneNumber ?? contact.id))
  }

  async send(message: OutboundMessage): Promise<SentMessage> {
    const socket = await this.#ready
    if (!socket || !this.#open) throw Object.assign(new Error('the WhatsApp connection is not open'), { code: 'SESSION_NOT_CONNECTED' })
    const messageId = message.messageId ?? generateMessageIDV2(socket.user?.id)
    // Text Postgres cannot store (NUL, lone surrogates) is replaced before sending: the record is exactly what was sent.
    const { jid, content, options } = toBaileysSend({ ...message, content: storableValue(message.content) })
    this.#ownSends.set(messageId, jid)
    const sent = await socket.sendMessage(jid, content, { ...options, messageId })
    if (!sent?.message || !sent.key.id) throw new Error('WhatsApp did not accept the message')
    this.#remember(sent.key.id, sent.message)
    this.#polls.remember(sent, [])
    const audience = message.content.kind === 'status' ? message.content.audience.length : undefined
    return {
      keyId: sent.key.id,
      remoteJid: this.#identities.canonical(sent.key.remoteJid ?? jid),
      timestamp: Number(sent.messageTimestamp ?? Math.floor(Date.now() / 1000)),
      events: storableValue(this.#withIdentities(sentEvents(this.#sessionId, sent, audience, this.#identities))),
    }
  }

  /** The identity.mapped events the traffic's conversion owes, put before it. */
  #withIdentities(traffic: NewEvent[]): NewEvent[] {
    const pairs = this.#identities.drain()
    return pairs.length > 0 ? [...pairs, ...traffic] : traffic
  }

  #remember(keyId: string, message: proto.IMessage): void {
    this.#sent.set(keyId, message)
    if (this.#sent.size > RETRY_CACHE) this.#sent.delete(this.#sent.keys().next().value!)
    if (this.#ownSends.size > RETRY_CACHE * 4) this.#ownSends.delete(this.#ownSends.keys().next().value!)
  }

  async logout(): Promise<void> {
    const socket = await this.#ready
    if (!socket) return
    // Baileys tells WhatsApp to unlink the device, then closes with loggedOut: the actor hears it as a close.
    await socket.logout()
  }

  async end(): Promise<void> {
    this.#ended = true
    this.#pictures.stop()
    this.#downloads?.stop()
    const socket = await this.#ready
    socket?.end(undefined)
  }
}

/** The host a session connects to, for "cannot reach …": WA_WS_URL's, or WhatsApp's. */
function hostOf(webSocketUrl: string | undefined): string {
  try {
    return new URL(webSocketUrl ?? 'wss://web.whatsapp.com/ws/chat').host
  } catch {
    return String(webSocketUrl)
  }
}

/** The `ws` socket under Baileys' client, whose send Baileys reaches after encrypting a frame. */
interface RawSocket {
  send(frame: Uint8Array, done?: (error?: Error) => void): void
}

/**
 * Puts the barrier under the socket Baileys just opened: each message stanza is an arrival, and a
 * frame sent after it (its receipt among them) leaves once it is recorded. Frames are encrypted by
 * then, so the barrier keeps their order rather than picking out the receipts.
 */
function holdFrames(socket: WASocket, barrier: RecordingBarrier, log: Logger): void {
  const raw = (socket.ws as unknown as { socket?: RawSocket | null }).socket
  if (!raw || typeof raw.send !== 'function') {
    log.warn('cannot hold receipts until messages are recorded: this Baileys build has no reachable socket')
    return
  }
  const transmit = raw.send.bind(raw)
  raw.send = (frame, done) => {
    if (barrier.clear) return transmit(frame, done)
    // Baileys waits for this before it hands the message over: it must not wait for the store.
    done?.()
    barrier.hold(() => {
      try {
        transmit(frame)
      } catch {
        // The socket closed meanwhile: WhatsApp delivers again what this frame acknowledged.
      }
    })
  }
  socket.ws.on('frame', (node: BinaryNode | Uint8Array) => {
    if (!(node instanceof Uint8Array) && node.tag === 'message' && node.attrs.id) barrier.arrived(node.attrs.id)
  })
}
