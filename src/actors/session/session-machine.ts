import { assign, fromCallback, fromPromise, sendTo, setup, type SnapshotFrom } from 'xstate'
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
  /** Told of every connection the machine opens (and of its end, with null), so sends can use it. */
  readonly onConnection?: (connection: DriverConnection | null) => void
  /** Told of WhatsApp traffic to record. */
  readonly onTraffic?: (event: Extract<DriverEvent, { type: 'traffic' }>) => void
  /** The session's settings when a connection opens (the actor tells open connections of later changes). */
  readonly settings?: () => ConnectionSettings
}

export interface SessionMachineContext {
  readonly sessionId: string
  readonly driver: WhatsAppDriver
  readonly backoff: BackoffPolicy
  readonly onConnection: (connection: DriverConnection | null) => void
  readonly onTraffic: (event: Extract<DriverEvent, { type: 'traffic' }>) => void
  readonly settings: () => ConnectionSettings
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
  | { type: 'driver.qr'; qr: string }
  | { type: 'driver.pairing-code'; code: string }
  | { type: 'driver.open'; me: LinkedAccount }
  | { type: 'driver.close'; reason: CloseReason; detail?: string }

const toMachineEvent = (event: Exclude<DriverEvent, { type: 'traffic' }>): SessionMachineEvent =>
  ({ ...event, type: `driver.${event.type}` }) as SessionMachineEvent

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
 * invoked callback actor: leaving the `online` states ends the socket.
 */
export const sessionMachine = setup({
  types: {
    context: {} as SessionMachineContext,
    events: {} as SessionMachineEvent,
    input: {} as SessionMachineInput,
    tags: {} as SessionStatus,
  },
  actors: {
    connection: fromCallback<{ type: 'logout' }, { context: SessionMachineContext }>(({ sendBack, receive, input }) => {
      const { context } = input
      let ended = false
      const connection = context.driver.connect(
        context.sessionId,
        (event) => {
          if (ended) return
          if (event.type === 'traffic') context.onTraffic(event)
          else sendBack(toMachineEvent(event))
        },
        { ...context.connectOptions, settings: context.settings() },
      )
      context.onConnection(connection)
      // The driver answers a logout with a close (logged_out), which the machine handles like an unlink from the phone.
      receive(() => void connection.logout().catch((error: unknown) => sendBack({ type: 'driver.close', reason: 'logged_out', detail: String(error) })))
      return () => {
        ended = true
        context.onConnection(null)
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
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => ({
    sessionId: input.sessionId,
    driver: input.driver,
    backoff: input.backoff ?? DEFAULT_BACKOFF,
    onConnection: input.onConnection ?? (() => {}),
    onTraffic: input.onTraffic ?? (() => {}),
    settings: input.settings ?? (() => ({ readReceipts: false, ghostMode: false })),
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
      initial: 'connecting',
      on: {
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
