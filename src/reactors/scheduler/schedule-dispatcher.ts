import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { foldWith } from '../../domain/decider/decider.ts'
import { handleCommand } from '../../domain/decider/handle-command.ts'
import { ConflictError } from '../../domain/errors.ts'
import { stableId } from '../../domain/ids.ts'
import { whatsAppMessageId } from '../../domain/messages/message-ids.ts'
import type { OutboundContent } from '../../domain/messages/outbound.ts'
import type { Bus } from '../../domain/ports/bus.ts'
import type { EventMetadata, EventStore } from '../../domain/ports/event-store.ts'
import type { SessionCommands } from '../../domain/ports/session-commands.ts'
import { scheduleDecider } from '../../domain/scheduler/schedule-decider.ts'
import { ScheduleEventTypes, scheduleStreamId, type ScheduleEvent } from '../../domain/scheduler/schedule-events.ts'
import type { ScheduleState } from '../../domain/scheduler/schedule-state.ts'
import { sleep } from '../../domain/retry/sleep.ts'
import type { EventParking } from '../../consumers/parking/event-parking.ts'
import { PoisonGuard, reactorEvent } from '../../consumers/parking/poison-guard.ts'
import { storableText } from '../../domain/text/storable-text.ts'
import type { SchedulesTables } from '../../projections/scheduler/tables.ts'

export interface ScheduleDispatcherOptions {
  readonly store: EventStore
  readonly db: Kysely<SchedulesTables>
  readonly sessions: SessionCommands
  readonly bus: Bus
  readonly logger: Logger
  readonly nodeId: string
  /** How late a schedule may still go out (the gateway or its session was down at sendAt); later ones fail. */
  readonly misfireGraceMs: number
  /** Longest sleep without news: a safety net under the timers and the bus. */
  readonly maxSleepMs?: number
  /** Where a schedule that fails for good goes, so that it is not retried every second. */
  readonly parking?: EventParking
}

export const SCHEDULE_DISPATCHER = 'schedule-dispatcher'

/**
 * Sends the schedules of the sessions this node hosts when they fall due: a timer for the next one,
 * woken early by new schedules. Each is claimed in its stream before the send, so two nodes cannot
 * both send it.
 */
export class ScheduleDispatcher {
  readonly #options: ScheduleDispatcherOptions
  readonly #controller = new AbortController()
  readonly #inFlight = new Set<string>()
  readonly #guard: PoisonGuard
  #wake: () => void = () => {}
  #loop: Promise<void> | undefined
  #unsubscribe: () => void = () => {}

  constructor(options: ScheduleDispatcherOptions) {
    this.#options = options
    this.#guard = new PoisonGuard({ consumer: SCHEDULE_DISPATCHER, parking: options.parking, logger: options.logger, signal: this.#controller.signal, retry: (id) => this.#retry(id) })
  }

  start(): void {
    this.#unsubscribe = this.#options.bus.onEvents((events) => {
      if (events.some((e) => e.type === ScheduleEventTypes.created)) this.#wake()
    })
    this.#loop = this.#run()
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal
    const { db, sessions, logger } = this.#options
    while (!signal.aborted) {
      let sleepMs = this.#options.maxSleepMs ?? 5000
      try {
        const hosted = sessions.hostedSessionIds()
        if (hosted.length > 0) {
          const now = new Date()
          const found = await db
            .selectFrom('schedules')
            .select(['id', 'send_at'])
            .where('status', '=', 'PENDING')
            .where('session_id', 'in', hosted)
            .where('send_at', '<=', now)
            .orderBy('send_at')
            .limit(100)
            .execute()
          const skipped = found.length > 0 ? await this.#guard.skipped() : new Set<string>()
          const due = found.filter(({ id }) => !skipped.has(id))
          for (const { id } of due) {
            if (this.#inFlight.has(id)) continue
            this.#inFlight.add(id)
            void this.#dispatch(id).finally(() => this.#inFlight.delete(id))
          }
          const next = await db
            .selectFrom('schedules')
            .select('send_at')
            .where('status', '=', 'PENDING')
            .where('session_id', 'in', hosted)
            .where('send_at', '>', now)
            .orderBy('send_at')
            .limit(1)
            .executeTakeFirst()
          if (next) sleepMs = Math.min(sleepMs, Math.max(0, next.send_at.getTime() - Date.now()))
          // Due ones waiting for their session to connect: look again soon.
          if (due.length > 0) sleepMs = Math.min(sleepMs, 1000)
        }
      } catch (error) {
        logger.error({ err: error }, 'could not look for due schedules')
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve
        void sleep(sleepMs, signal).then(resolve)
      })
    }
  }

  async #dispatch(id: string): Promise<void> {
    const parked = () => reactorEvent(stableId(SCHEDULE_DISPATCHER, id), ScheduleEventTypes.created, scheduleStreamId(id), id)
    await this.#guard.run(id, parked, async () => void (await this.#step(id)))
  }

  /** An operator's retry of a parked schedule: its step now, here; it fails when the session cannot send from this node now. */
  async #retry(id: string): Promise<void> {
    if (this.#inFlight.has(id)) throw new ConflictError(`schedule ${id} is being dispatched right now`)
    this.#inFlight.add(id)
    try {
      if ((await this.#step(id)) === 'not-ready') throw new ConflictError(`schedule ${id}: its session is not connected on this node; retry once it is`)
    } finally {
      this.#inFlight.delete(id)
    }
  }

  /** Sends a due schedule and records the outcome; 'not-ready' when its session cannot send from here now (again at the next look). */
  async #step(id: string): Promise<'done' | 'not-ready'> {
    const { store, sessions, nodeId, misfireGraceMs, logger } = this.#options
    const cause: EventMetadata = { actor: { kind: 'system', id: 'scheduler' }, correlationId: id }
    const streamId = scheduleStreamId(id)
    const state = await this.#load(id)
    if (state.status !== 'PENDING') return 'done'
    const late = Date.now() - Date.parse(state.sendAt)
    if (late > misfireGraceMs) {
      const reason = `missed: due at ${state.sendAt} but the gateway or the session was down until ${Math.round(late / 1000)} s later, past the grace of ${Math.round(misfireGraceMs / 1000)} s (SCHEDULER_MISFIRE_GRACE_MS)`
      await handleCommand(store, streamId, scheduleDecider, { type: 'RecordScheduleOutcome', data: { outcome: { reason }, now: new Date() } }, cause)
      return 'done'
    }
    const session = sessions.hosted(state.sessionId)
    if (!session || session.status !== 'CONNECTED') return 'not-ready' // again at the next look, until the grace runs out
    const claim = await handleCommand(store, streamId, scheduleDecider, { type: 'DispatchSchedule', data: { nodeId, now: new Date() } }, cause)
    if (claim.events.length === 0) return 'done'
    let outcome: { messageId: string } | { reason: string }
    try {
      const sent = await session.send({ jid: state.jid, content: contentOf(state), messageId: whatsAppMessageId({ kind: 'schedule', scheduleId: id }) }, cause)
      outcome = { messageId: sent.keyId }
    } catch (error) {
      outcome = { reason: storableText((error as Error).message) }
    }
    await handleCommand(store, streamId, scheduleDecider, { type: 'RecordScheduleOutcome', data: { outcome, now: new Date() } }, cause)
    logger.info({ scheduleId: id, ...outcome, lateMs: Date.now() - Date.parse(state.sendAt) }, 'schedule dispatched')
    return 'done'
  }

  async #load(id: string): Promise<ScheduleState> {
    const events = await this.#options.store.readStream(scheduleStreamId(id))
    return foldWith(scheduleDecider, events as unknown as ScheduleEvent[])
  }

  async stop(): Promise<void> {
    this.#unsubscribe()
    this.#controller.abort()
    this.#wake()
    await this.#loop
  }
}

function contentOf(state: ScheduleState): OutboundContent {
  if (!state.mediaUrl) return { kind: 'text', text: state.content }
  const media = { url: state.mediaUrl }
  const caption = state.content ? { caption: state.content } : {}
  switch (state.mediaType) {
    case 'VIDEO':
      return { kind: 'video', media, ...caption }
    case 'AUDIO':
      return { kind: 'audio', media }
    case 'DOCUMENT':
      return { kind: 'document', media, ...caption }
    default:
      return { kind: 'image', media, ...caption }
  }
}
