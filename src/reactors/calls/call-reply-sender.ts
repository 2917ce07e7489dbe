import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { CallEventTypes, type CallReceivedData } from '../../domain/calls/call-events.ts'
import type { Bus } from '../../domain/ports/bus.ts'
import type { EventMetadata, StoredEvent } from '../../domain/ports/event-store.ts'
import type { SessionCommands } from '../../domain/ports/session-commands.ts'
import { DEFAULT_SESSION_CONFIG } from '../../domain/session/session-config.ts'
import { requireIdOfStream } from '../../domain/streams.ts'
import type { SessionsTables } from '../../projections/sessions/tables.ts'

export interface CallReplySenderOptions {
  readonly db: Kysely<SessionsTables>
  readonly sessions: SessionCommands
  readonly bus: Bus
  readonly logger: Logger
}

/**
 * After the driver declines a call (the session's rejectCalls), the caller gets the session's
 * rejectCallsMessage, sent like any message: through the session's outbound queue, on the node that
 * hosts it, once per call (the Idempotency-Key is the call event's id).
 */
export class CallReplySender {
  readonly #options: CallReplySenderOptions
  #unsubscribe: () => void = () => {}
  readonly #inFlight = new Set<Promise<void>>()

  constructor(options: CallReplySenderOptions) {
    this.#options = options
  }

  start(): void {
    this.#unsubscribe = this.#options.bus.onEvents((events) => {
      for (const event of events) {
        if (event.type !== CallEventTypes.received || !(event.data as CallReceivedData).rejected) continue
        const reply = this.#reply(event).catch((error: unknown) => this.#options.logger.warn({ err: error, eventId: event.id }, 'could not answer a rejected call'))
        this.#inFlight.add(reply)
        void reply.finally(() => this.#inFlight.delete(reply))
      }
    })
  }

  async stop(): Promise<void> {
    this.#unsubscribe()
    await Promise.allSettled(this.#inFlight)
  }

  async #reply(event: StoredEvent): Promise<void> {
    const sessionId = requireIdOfStream(event.streamId, 'messages')
    const session = this.#options.sessions.hosted(sessionId)
    if (!session) return // the node that hosts it answers
    const row = await this.#options.db.selectFrom('sessions').select('config').where('session_id', '=', sessionId).where('deleted_at', 'is', null).executeTakeFirst()
    const text = row ? { ...DEFAULT_SESSION_CONFIG, ...row.config }.rejectCallsMessage : null
    if (!text) return
    const call = event.data as CallReceivedData
    const cause: EventMetadata = { actor: { kind: 'system', id: 'call-reply' }, correlationId: call.id, causationId: event.id }
    const sent = await session.send({ jid: call.from, content: { kind: 'text', text }, idempotencyKey: `call-reply:${event.id}` }, cause)
    this.#options.logger.info({ sessionId, callId: call.id, messageId: sent.keyId }, 'answered a rejected call')
  }
}
