import type { Server as HttpServer } from 'node:http'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { Server, type Socket } from 'socket.io'
import type { Authenticator } from '../app/identity/authenticator.ts'
import type { Caller } from '../domain/identity/caller.ts'
import { canSeeSession } from '../domain/identity/session-access.ts'
import { UserEventTypes } from '../domain/identity/user-events.ts'
import type { Bus } from '../domain/ports/bus.ts'
import type { StoredEvent } from '../domain/ports/event-store.ts'
import { SessionEventTypes } from '../domain/session/session-events.ts'
import { idOfStream, sessionIdOfStream } from '../domain/streams.ts'
import type { SessionsTables } from '../projections/sessions/tables.ts'
import { broadcastsOf, sessionRoom } from './session-broadcasts.ts'
import { authenticate, credentialOf, type SocketCredential } from './socket-auth.ts'

export interface SocketGatewayOptions {
  readonly server: HttpServer
  readonly bus: Bus
  readonly authenticator: Authenticator
  readonly db: Kysely<SessionsTables>
  readonly logger: Logger
  /** Resolves once the users read model has applied a position: rights a user event changed are checked after it. */
  readonly awaitUsers: (position: bigint) => Promise<unknown>
}

interface SocketData {
  caller: Caller
  credential: SocketCredential
}

type Ack = (answer: { ok: true; sessionId: string; status: string; qr: string | null } | { ok: false; error: string }) => void

/** Sent to every socket before a graceful shutdown closes its transport. */
export const SHUTDOWN_EVENT = 'shutdown'

/** How long a shutdown waits for a client's queued packets to go out before closing it anyway. */
const FLUSH_TIMEOUT_MS = 2000

/** User events after which a user's sockets are checked again: their rooms, or their credential itself. */
const RIGHTS_CHANGES = new Set<string>([
  UserEventTypes.roleChanged,
  UserEventTypes.sessionsAssigned,
  UserEventTypes.disabled,
  UserEventTypes.apiKeyIssued,
  UserEventTypes.apiKeyRevoked,
  UserEventTypes.loggedOut,
])

/**
 * The seed's Socket.io stream. A socket authenticates when it connects (API key or session cookie),
 * joins a session's room with `join-session` `{ sessionId }` if it may see that session, and hears
 * the session's events from the bus, so events recorded on any node reach it.
 */
export class SocketGateway {
  readonly io: Server
  readonly #o: SocketGatewayOptions
  readonly #log: Logger
  readonly #byUser = new Map<string, Set<Socket>>()
  readonly #unsubscribe: () => void
  #closing = false

  constructor(options: SocketGatewayOptions) {
    this.#o = options
    this.#log = options.logger.child({ component: 'socket-gateway' })
    // While shutting down, new handshakes are refused: a reconnecting client retries, and finds this node
    // back after its restart, or another node behind the same address.
    this.io = new Server(options.server, {
      serveClient: false,
      allowRequest: (_request, answer) => answer(this.#closing ? 'the gateway is shutting down; retry' : null, !this.#closing),
    })
    this.io.use((socket, next) => {
      this.#authenticate(socket).then(
        (refusal) => next(refusal === null ? undefined : new Error(refusal)),
        (error: unknown) => {
          this.#log.error({ err: error }, 'socket authentication failed')
          next(new Error('authentication failed; retry'))
        },
      )
    })
    this.io.on('connection', (socket) => this.#onConnection(socket))
    this.#unsubscribe = options.bus.onEvents((events) => this.#onEvents(events))
  }

  /**
   * Graceful shutdown. Not `disconnectSockets()`: a client told "io server disconnect" stays
   * disconnected. Each client hears `shutdown` `{ reconnect: true }`, then its transport is closed
   * (after what was queued for it has gone out), which Socket.io clients answer by reconnecting.
   */
  async close(): Promise<void> {
    this.#closing = true
    this.#unsubscribe()
    this.io.emit(SHUTDOWN_EVENT, { reconnect: true, reason: 'the gateway is shutting down; reconnecting will reach it again, or another node' })
    const connections = new Set([...this.io.of('/').sockets.values()].map((socket) => socket.conn))
    await Promise.all(
      [...connections].map(
        (client) =>
          new Promise<void>((resolve) => {
            if (client.readyState === 'closed') return resolve()
            const timer = setTimeout(() => (client.close(true), resolve()), FLUSH_TIMEOUT_MS)
            client.once('close', () => (clearTimeout(timer), resolve()))
            client.close()
          }),
      ),
    )
    this.io.engine.close()
  }

  /** Null when the socket may connect, else why not. */
  async #authenticate(socket: Socket): Promise<string | null> {
    const credential = credentialOf(socket.handshake)
    if (credential === null) return 'authentication required: pass auth: { apiKey } (or the X-API-Key header), or log in'
    if ('refused' in credential) return credential.refused
    const caller = await authenticate(this.#o.authenticator, credential)
    if (!caller) return 'invalid credentials: the API key or login is unknown, revoked or expired'
    const data = socket.data as SocketData
    data.caller = caller
    data.credential = credential
    return null
  }

  #onConnection(socket: Socket): void {
    const { caller } = socket.data as SocketData
    const sockets = this.#byUser.get(caller.userId) ?? new Set()
    sockets.add(socket)
    this.#byUser.set(caller.userId, sockets)
    socket.on('disconnect', () => {
      sockets.delete(socket)
      if (sockets.size === 0) this.#byUser.delete(caller.userId)
    })
    socket.on('join-session', (payload: unknown, ack?: unknown) => {
      void this.#join(socket, payload, typeof ack === 'function' ? (ack as Ack) : undefined).catch((error: unknown) => {
        this.#log.error({ err: error }, 'join-session failed')
        this.#refuseJoin(socket, payload, 'internal error; retry', typeof ack === 'function' ? (ack as Ack) : undefined)
      })
    })
    socket.on('leave-session', (payload: unknown, ack?: unknown) => {
      const sessionId = sessionIdIn(payload)
      if (sessionId) void socket.leave(sessionRoom(sessionId))
      if (typeof ack === 'function') (ack as (a: unknown) => void)({ ok: true, sessionId })
    })
  }

  async #join(socket: Socket, payload: unknown, ack: Ack | undefined): Promise<void> {
    const requested = sessionIdIn(payload)
    if (!requested) return this.#refuseJoin(socket, payload, 'join-session needs { sessionId }', ack)
    // Checked afresh on every join: a revoked key or a changed assignment counts at once.
    const data = socket.data as SocketData
    const caller = await authenticate(this.#o.authenticator, data.credential)
    if (!caller) {
      this.#refuseJoin(socket, payload, 'credentials no longer valid', ack)
      socket.disconnect(true)
      return
    }
    data.caller = caller
    const session = await this.#session(requested)
    if (!session || !canSeeSession(caller, { sessionId: session.session_id, userId: session.user_id })) {
      return this.#refuseJoin(socket, payload, `session ${requested} not found`, ack)
    }
    await socket.join(sessionRoom(session.session_id))
    const current = { sessionId: session.session_id, status: session.status, qr: session.qr }
    // Where the session stands now, so a client need not wait for the next change; then the confirmation.
    socket.emit('connection.update', current)
    socket.emit('joined', current)
    ack?.({ ok: true, ...current })
  }

  #refuseJoin(socket: Socket, payload: unknown, error: string, ack: Ack | undefined): void {
    ack?.({ ok: false, error })
    socket.emit('join-error', { sessionId: sessionIdIn(payload) ?? null, error })
  }

  #session(idOrSessionId: string) {
    return this.#o.db
      .selectFrom('sessions')
      .select(['session_id', 'user_id', 'status', 'qr'])
      .where((eb) => eb.or([eb('session_id', '=', idOrSessionId), eb('id', '=', idOrSessionId)]))
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
  }

  #onEvents(events: readonly StoredEvent[]): void {
    for (const event of events) {
      for (const { sessionId, event: name, payload } of broadcastsOf(event)) this.io.to(sessionRoom(sessionId)).emit(name, payload)
      if (event.type === SessionEventTypes.deleted) {
        const sessionId = sessionIdOfStream(event.streamId)
        if (sessionId) this.io.in(sessionRoom(sessionId)).socketsLeave(sessionRoom(sessionId))
      }
      const userId = RIGHTS_CHANGES.has(event.type) ? idOfStream(event.streamId, 'user') : null
      if (userId && this.#byUser.has(userId)) {
        void this.#recheck(userId, event.position).catch((error: unknown) => this.#log.error({ err: error, userId }, 'socket rights check failed'))
      }
    }
  }

  /** After a user's rights changed: drops sockets whose credential no longer works, and rooms they may no longer see. */
  async #recheck(userId: string, position: bigint): Promise<void> {
    await this.#o.awaitUsers(position)
    for (const socket of [...(this.#byUser.get(userId) ?? [])]) {
      const data = socket.data as SocketData
      const caller = await authenticate(this.#o.authenticator, data.credential)
      if (!caller) {
        socket.emit('unauthorized', { error: 'credentials no longer valid' })
        socket.disconnect(true)
        continue
      }
      data.caller = caller
      for (const room of socket.rooms) {
        if (!room.startsWith('session:')) continue
        const session = await this.#session(room.slice('session:'.length))
        if (!session || !canSeeSession(caller, { sessionId: session.session_id, userId: session.user_id })) await socket.leave(room)
      }
    }
  }
}

function sessionIdIn(payload: unknown): string | undefined {
  const value = typeof payload === 'string' ? payload : (payload as { sessionId?: unknown } | null | undefined)?.sessionId
  return typeof value === 'string' && value.length > 0 && value.length <= 64 ? value : undefined
}
