import type { Logger } from 'pino'
import { createActor, type Actor } from 'xstate'
import { SessionNotConnectedError } from '../../domain/errors.ts'
import type { EventMetadata } from '../../domain/ports/event-store.ts'
import type { ConnectionSettings, DriverConnection, WhatsAppDriver } from '../../domain/ports/whatsapp-driver.ts'
import type { BackoffPolicy } from '../../domain/retry/backoff.ts'
import type { ConnectionUpdate, SessionStatus } from '../../domain/session/session-events.ts'
import type { SessionState } from '../../domain/session/session-state.ts'
import { sessionMachine, statusOf, type SessionMachineEvent, type SessionSnapshot } from './session-machine.ts'
import type { SessionStreamWriter } from './session-stream-writer.ts'
import type { TrafficRecorder } from './traffic-recorder.ts'

export interface SessionMachineBridgeDeps {
  readonly driver: WhatsAppDriver
  readonly backoff?: BackoffPolicy
  readonly log: Logger
  /** Where the connection.update events go. */
  readonly stream: Pick<SessionStreamWriter, 'write'>
  /** Where the WhatsApp traffic goes. */
  readonly traffic: Pick<TrafficRecorder, 'recordReceived'>
}

/**
 * Runs a session's XState machine and turns what it does into effects: each status change becomes a
 * connection.update event (with the cause of the transition), emitted traffic is recorded, and the
 * emitted connection is what sends go through.
 */
export class SessionMachineBridge {
  readonly #sessionId: string
  readonly #deps: SessionMachineBridgeDeps
  #actor: Actor<typeof sessionMachine> | undefined
  #connection: DriverConnection | null = null
  /** What the last connection.update said, so that only changes are recorded. */
  #recorded: { status: string; qr: string | null; pairingCode: string | null; detail: string | null }
  /** Who caused the next machine transition, for its event's metadata. */
  #cause: EventMetadata = {}

  constructor(sessionId: string, state: SessionState, deps: SessionMachineBridgeDeps) {
    this.#sessionId = sessionId
    this.#deps = deps
    this.#recorded = { status: state.status, qr: state.qr, pairingCode: null, detail: null }
  }

  get running(): boolean {
    return this.#actor !== undefined
  }

  get status(): SessionStatus {
    return this.#actor ? statusOf(this.#actor.getSnapshot()) : 'DISCONNECTED'
  }

  /** The open connection, when the session is connected. */
  connected(): DriverConnection {
    const connection = this.#connection
    if (!connection || this.status !== 'CONNECTED') throw new SessionNotConnectedError(this.#sessionId, this.status)
    return connection
  }

  start(settings: ConnectionSettings): void {
    const actor = createActor(sessionMachine, {
      input: { sessionId: this.#sessionId, driver: this.#deps.driver, backoff: this.#deps.backoff, settings },
    })
    this.#actor = actor
    actor.on('connection', ({ connection }) => (this.#connection = connection))
    // Recorded or parked: either way the gateway has it, and WhatsApp may be told it arrived.
    actor.on('traffic', ({ events, onRecorded }) => void this.#deps.traffic.recordReceived(events).then((kept) => kept && onRecorded?.()))
    actor.subscribe({
      next: (snapshot) => this.#onSnapshot(snapshot),
      error: (error) => this.#deps.log.error({ err: error }, 'session machine failed'),
    })
    actor.start()
  }

  /** Sends the machine an event (nothing when it is not running); `cause` goes with the events it leads to. */
  send(event: SessionMachineEvent, cause: EventMetadata): void {
    this.#cause = cause
    this.#actor?.send(event)
    this.#cause = {}
  }

  /** Tells the machine of new settings: an open connection gets them, and so do the next ones. */
  configure(settings: ConnectionSettings): void {
    this.#actor?.send({ type: 'SETTINGS', settings })
  }

  /** Stops the machine, and with it the connection, recording nothing. */
  stop(): void {
    this.#actor?.stop()
    this.#actor = undefined
    this.#connection = null
  }

  /**
   * Records a connection.update whenever the status, QR or pairing code changes, or why it cannot
   * connect (a session that cannot reach WhatsApp says so instead of CONNECTING/"started" forever).
   */
  #onSnapshot(snapshot: SessionSnapshot): void {
    const status = statusOf(snapshot)
    const { qr, pairingCode, reason, desired, me, attempt, detail } = snapshot.context
    const last = this.#recorded
    if (status === last.status && qr === last.qr && pairingCode === last.pairingCode && (detail === last.detail || detail === null)) return
    this.#recorded = { status, qr, pairingCode, detail }
    const data: ConnectionUpdate['data'] = {
      sessionId: this.#sessionId,
      status,
      qr,
      reason,
      desired,
      ...(pairingCode ? { pairingCode } : {}),
      ...(status === 'CONNECTED' ? { me } : {}),
      ...(attempt > 0 ? { attempt } : {}),
      ...(detail ? { detail } : {}),
    }
    const cause = this.#cause
    this.#deps.log.info({ status, reason, attempt }, 'session status')
    void this.#deps.stream
      .write({ type: 'RecordConnectionUpdate', data }, cause)
      .catch((error: unknown) => this.#deps.log.error({ err: error }, 'could not record connection update'))
  }
}
