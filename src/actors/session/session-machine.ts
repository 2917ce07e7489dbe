import { assertEvent, assign, emit, fromCallback, fromPromise, sendTo, setup, type SnapshotFrom } from 'xstate'
import type { NewEvent } from '../../domain/ports/event-store.ts'
import type { ConnectionReason, SessionStatus } from '../../domain/session/session-events.ts'
import type {
  CloseReason,
  ConnectionSettings,
  ConnectOptions,
  DriverConnection,
  DriverEvent,
  LinkedAccount,
  WhatsAppDriver,
} from '../../domain/ports/whatsapp-driver.ts'
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../domain/retry/backoff.ts'

export interface SessionMachineInput {
  readonly sessionId: string
  readonly driver: WhatsAppDriver
  readonly backoff?: BackoffPolicy
  /** The session's settings when the machine starts; SETTINGS tells it of later changes. */
  readonly settings?: ConnectionSettings
}

export interface SessionMachineContext {
  readonly sessionId: string
  readonly driver: WhatsAppDriver
  readonly backoff: BackoffPolicy
  /** What a connection opens with, and what an open one is told when it changes. */
  settings: ConnectionSettings
  reason: ConnectionReason
  desired: 'running' | 'stopped'
  qr: string | null
  pairingCode: string | null
  me: LinkedAccount | null
  /** Failed connection attempts since the last time the session was open. */
  attempt: number
  detail: string | null
  connectOptions: ConnectOptions
}

export type SessionMachineEvent =
  | { type: 'START'; connectOptions?: ConnectOptions }
  | { type: 'STOP'; reason?: ConnectionReason }
  | { type: 'RESTART' }
  | { type: 'LOGOUT' }
  /** The process is going down: close the socket but keep wanting to run, so the next start reconnects. */
  | { type: 'SHUTDOWN' }
  /** The session's settings changed: later connections open with them, an open one is told. */
  | { type: 'SETTINGS'; settings: ConnectionSettings }
  | { type: 'driver.qr'; qr: string }
  | { type: 'driver.pairing-code'; code: string }
  | { type: 'driver.open'; me: LinkedAccount }
  | { type: 'driver.close'; reason: CloseReason; detail?: string }
  | { type: 'driver.traffic'; events: readonly NewEvent[]; onRecorded?: () => void }
  /** The connection the invoked actor opened, for the actor to send through. */
  | { type: 'driver.connection'; connection: DriverConnection }

/** What the machine tells whoever runs it (`actor.on(type, …)`): its output besides its snapshot. */
export type SessionMachineEmitted =
  /** The connection to send through; null once it ended. */
  | { type: 'connection'; connection: DriverConnection | null }
  /** WhatsApp traffic to record; `onRecorded` once it is kept. */
  | { type: 'traffic'; events: readonly NewEvent[]; onRecorded?: () => void }

type ConnectionCommand = { type: 'logout' } | { type: 'configure'; settings: ConnectionSettings }

const toMachineEvent = (event: DriverEvent): SessionMachineEvent => ({ ...event, type: `driver.${event.type}` }) as SessionMachineEvent

/** Closes that mean the same in every online state: unlinked, or asked to reconnect at once. */
const closedBy = {
  whatsapp: [
    { guard: 'loggedOut', target: '#session.loggedOut', actions: 'noteClose' },
    { guard: 'qrTimeout', target: '#session.disconnected', actions: ['noteClose', 'stopWanting'] },
    { guard: 'restartRequired', target: '#session.online', reenter: true, actions: ['clearQr', 'noteRestart'] },
  ],
} as const

/**
 * The lifecycle of one WhatsApp session. Each state carries one of the seed's four statuses as a tag;
 * the actor records a connection.update whenever the status (or QR) changes. The connection is an
 * invoked callback actor: leaving the `online` states ends the socket. Besides its snapshot, the
 * machine emits the connection to send through and the WhatsApp traffic to record (`actor.on`),
 * so its context holds data only.
 */
export const sessionMachine = setup({
  types: {
    context: {} as SessionMachineContext,
    events: {} as SessionMachineEvent,
    input: {} as SessionMachineInput,
    tags: {} as SessionStatus,
    emitted: {} as SessionMachineEmitted,
  },
  actors: {
    connection: fromCallback<ConnectionCommand, { context: SessionMachineContext }>(({ sendBack, receive, input }) => {
      const { context } = input
      let ended = false
      const connection = context.driver.connect(
        context.sessionId,
        (event) => {
          if (!ended) sendBack(toMachineEvent(event))
        },
        { ...context.connectOptions, settings: context.settings },
      )
      sendBack({ type: 'driver.connection', connection })
      receive((command) => {
        if (command.type === 'configure') connection.configure(command.settings)
        // The driver answers a logout with a close (logged_out), which the machine handles like an unlink from the phone.
        else void connection.logout().catch((error: unknown) => sendBack({ type: 'driver.close', reason: 'logged_out', detail: String(error) }))
      })
      return () => {
        ended = true
        void connection.end().catch(() => {})
      }
    }),
    forgetCredentials: fromPromise<void, { sessionId: string; driver: WhatsAppDriver }>(({ input }) =>
      input.driver.removeCredentials(input.sessionId),
    ),
  },
  delays: {
    backoff: ({ context }) => backoffDelay(context.attempt, context.backoff),
  },
  guards: {
    loggedOut: ({ event }) => event.type === 'driver.close' && event.reason === 'logged_out',
    restartRequired: ({ event }) => event.type === 'driver.close' && event.reason === 'restart_required',
    qrTimeout: ({ event }) => event.type === 'driver.close' && event.reason === 'qr_timeout',
  },
  actions: {
    wantRunning: assign({ desired: 'running' as const }),
    clearQr: assign({ qr: null, pairingCode: null }),
    noteRestart: assign({ reason: 'restart_required' as const }),
    stopWanting: assign({ desired: 'stopped' as const }),
    noteClose: assign(({ context, event }) =>
      event.type === 'driver.close'
        ? { reason: event.reason as ConnectionReason, detail: event.detail ?? null, attempt: context.attempt + 1, qr: null, pairingCode: null }
        : {},
    ),
    noteSettings: assign(({ event }) => {
      assertEvent(event, 'SETTINGS')
      return { settings: event.settings }
    }),
    tellSettings: sendTo('connection', ({ event }): ConnectionCommand => {
      assertEvent(event, 'SETTINGS')
      return { type: 'configure', settings: event.settings }
    }),
    emitTraffic: emit(({ event }) => {
      assertEvent(event, 'driver.traffic')
      return { type: 'traffic' as const, events: event.events, onRecorded: event.onRecorded }
    }),
    emitConnection: emit(({ event }) => {
      assertEvent(event, 'driver.connection')
      return { type: 'connection' as const, connection: event.connection }
    }),
    emitConnectionEnded: emit({ type: 'connection' as const, connection: null }),
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({
    sessionId: input.sessionId,
    driver: input.driver,
    backoff: input.backoff ?? DEFAULT_BACKOFF,
    settings: input.settings ?? { readReceipts: false, ghostMode: false },
    reason: 'created',
    desired: 'stopped',
    qr: null,
    pairingCode: null,
    me: null,
    attempt: 0,
    detail: null,
    connectOptions: {},
  }),
  initial: 'disconnected',
  on: {
    // Traffic the connection sent before it ended is recorded whatever the state by now.
    'driver.traffic': { actions: 'emitTraffic' },
    SETTINGS: { actions: 'noteSettings' },
  },
  states: {
    disconnected: {
      tags: 'DISCONNECTED',
      on: {
        START: {
          target: 'online',
          actions: assign(({ event }) => ({ desired: 'running' as const, reason: 'started' as const, attempt: 0, connectOptions: event.connectOptions ?? {} })),
        },
        RESTART: { target: 'online', actions: assign({ desired: 'running' as const, reason: 'restarted' as const, attempt: 0 }) },
        LOGOUT: { target: 'loggedOut', actions: assign({ reason: 'logout' as const }) },
      },
    },
    online: {
      invoke: { id: 'connection', src: 'connection', input: ({ context }) => ({ context }) },
      exit: 'emitConnectionEnded',
      initial: 'connecting',
      on: {
        'driver.connection': { actions: 'emitConnection' },
        SETTINGS: { actions: ['noteSettings', 'tellSettings'] },
        'driver.qr': { actions: assign(({ event }) => ({ qr: event.qr, reason: 'qr' as const })) },
        'driver.pairing-code': { actions: assign(({ event }) => ({ pairingCode: event.code, reason: 'pairing_code' as const })) },
        STOP: { target: 'disconnected', actions: ['clearQr', assign(({ event }) => ({ desired: 'stopped' as const, reason: event.reason ?? 'stopped' }))] },
        SHUTDOWN: { target: 'disconnected', actions: ['clearQr', assign({ reason: 'shutdown' as const })] },
        RESTART: { target: 'online', reenter: true, actions: ['clearQr', assign({ reason: 'restarted' as const, attempt: 0 })] },
        LOGOUT: { target: '.loggingOut' },
      },
      states: {
        connecting: {
          tags: 'CONNECTING',
          on: {
            'driver.open': { target: 'connected' },
            'driver.close': [...closedBy.whatsapp, { target: '#session.waiting.retrying', actions: 'noteClose' }],
          },
        },
        connected: {
          tags: 'CONNECTED',
          entry: assign(({ event }) => ({
            attempt: 0,
            reason: 'opened' as const,
            detail: null,
            qr: null,
            pairingCode: null,
            me: event.type === 'driver.open' ? event.me : null,
          })),
          on: {
            'driver.close': [...closedBy.whatsapp, { target: '#session.waiting.zombie', actions: 'noteClose' }],
          },
        },
        /** Reconnecting after the session had been open: still a zombie until WhatsApp opens again. */
        healing: {
          tags: 'ZOMBIE',
          on: {
            'driver.open': { target: 'connected' },
            'driver.qr': { target: 'connecting', actions: assign(({ event }) => ({ qr: event.qr, reason: 'qr' as const })) },
            'driver.close': [...closedBy.whatsapp, { target: '#session.waiting.zombie', actions: 'noteClose' }],
          },
        },
        /** Asked WhatsApp to unlink; its close (logged_out) ends this, or the timeout does. */
        loggingOut: {
          tags: 'DISCONNECTED',
          entry: ['clearQr', assign({ desired: 'stopped' as const, reason: 'logout' as const }), sendTo('connection', { type: 'logout' })],
          on: { 'driver.close': { target: '#session.loggedOut', actions: assign(({ event }) => ({ detail: event.detail ?? null })) } },
          after: { 10_000: '#session.loggedOut' },
        },
      },
    },
    /** No socket: waiting out the backoff before the next attempt. */
    waiting: {
      initial: 'retrying',
      on: {
        STOP: { target: 'disconnected', actions: assign(({ event }) => ({ desired: 'stopped' as const, reason: event.reason ?? 'stopped' })) },
        SHUTDOWN: { target: 'disconnected', actions: assign({ reason: 'shutdown' as const }) },
        RESTART: { target: 'online', actions: assign({ reason: 'restarted' as const, attempt: 0 }) },
        START: { target: 'online', actions: assign({ attempt: 0 }) },
        LOGOUT: { target: 'loggedOut', actions: assign({ reason: 'logout' as const }) },
      },
      states: {
        retrying: {
          tags: 'CONNECTING',
          after: { backoff: { target: '#session.online.connecting', actions: assign({ reason: 'reconnecting' as const }) } },
        },
        zombie: {
          tags: 'ZOMBIE',
          after: { backoff: { target: '#session.online.healing', actions: assign({ reason: 'reconnecting' as const }) } },
        },
      },
    },
    /** Unlinked (by us or from the phone): credentials are void; stays off until started again for a new QR. */
    loggedOut: {
      tags: 'DISCONNECTED',
      entry: ['clearQr', assign({ desired: 'stopped' as const, me: null })],
      invoke: { src: 'forgetCredentials', input: ({ context }) => ({ sessionId: context.sessionId, driver: context.driver }), onDone: 'disconnected', onError: 'disconnected' },
    },
  },
})

export type SessionSnapshot = SnapshotFrom<typeof sessionMachine>

export function statusOf(snapshot: SessionSnapshot): SessionStatus {
  for (const status of ['CONNECTED', 'ZOMBIE', 'CONNECTING', 'DISCONNECTED'] as const) if (snapshot.hasTag(status)) return status
  return 'DISCONNECTED'
}
