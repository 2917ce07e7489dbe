import { jetstream, jetstreamManager, DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream'
import { connect, nanos, RequestError, type NatsConnection, type Subscription } from '@nats-io/transport-node'
import type { Logger } from 'pino'
import {
  NoResponderError,
  RemoteCommandError,
  type Bus,
  type BusCommand,
  type BusCommandHandler,
  type EventsListener,
} from '../../domain/ports/bus.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { decodeEvent, encodeEvent } from './event-codec.ts'
import { commandSubject, EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, eventSubject } from './nats-subjects.ts'

const COMMAND_QUEUE = 'owners'
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
/** Live announcements only need to outlive a reconnect; the store keeps everything. */
const EVENTS_MAX_AGE_MS = 60 * 60 * 1000
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000

type Reply = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string; code?: string } }

export interface NatsBusOptions {
  readonly url: string
  readonly name?: string
  readonly logger?: Logger
}

/**
 * The bus over NATS: events on a JetStream stream (deduplicated by event id; each node reads it with
 * an ordered consumer that resumes across reconnects), commands by request/reply on a subject per address.
 */
export class NatsBus implements Bus {
  readonly #nc: NatsConnection
  readonly #js: JetStreamClient
  readonly #logger: Logger | undefined
  readonly #listeners = new Set<EventsListener>()
  readonly #subscriptions = new Set<Subscription>()
  #closed = false
  readonly #encoder = new TextEncoder()
  readonly #decoder = new TextDecoder()

  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({ servers: options.url, name: options.name, maxReconnectAttempts: -1 })
    const jsm = await jetstreamManager(nc)
    const config = {
      subjects: [`${EVENTS_SUBJECT_PREFIX}.>`],
      max_age: nanos(EVENTS_MAX_AGE_MS),
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    }
    try {
      await jsm.streams.info(EVENTS_STREAM)
    } catch {
      await jsm.streams.add({ name: EVENTS_STREAM, ...config }).catch(async (error: unknown) => {
        // Another node created it in the meantime.
        await jsm.streams.info(EVENTS_STREAM).catch(() => Promise.reject(error))
      })
    }
    const bus = new NatsBus(nc, jetstream(nc), options.logger)
    await bus.#consume()
    return bus
  }

  private constructor(nc: NatsConnection, js: JetStreamClient, logger: Logger | undefined) {
    this.#nc = nc
    this.#js = js
    this.#logger = logger
  }

  get connection(): NatsConnection {
    return this.#nc
  }

  async publishEvents(events: readonly StoredEvent[]): Promise<void> {
    await Promise.all(
      events.map((event) =>
        this.#js.publish(eventSubject(event.streamId), this.#encoder.encode(encodeEvent(event)), { msgID: event.id }),
      ),
    )
  }

  onEvents(listener: EventsListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Every node reads every announcement from the moment it connects. */
  async #consume(): Promise<void> {
    const consumer = await this.#js.consumers.get(EVENTS_STREAM, { deliver_policy: DeliverPolicy.New })
    const messages = await consumer.consume()
    void (async () => {
      for await (const message of messages) {
        if (this.#closed) break
        let event: StoredEvent
        try {
          event = decodeEvent(this.#decoder.decode(message.data))
        } catch (error) {
          this.#logger?.warn({ err: error }, 'undecodable event on the bus')
          continue
        }
        for (const listener of this.#listeners) {
          try {
            listener([event])
          } catch (error) {
            this.#logger?.error({ err: error }, 'event listener failed')
          }
        }
      }
    })()
    this.#stopConsuming = () => messages.stop()
  }

  #stopConsuming: () => void = () => {}

  async serve(address: string, handler: BusCommandHandler): Promise<() => Promise<void>> {
    const subscription = this.#nc.subscribe(commandSubject(address), {
      queue: COMMAND_QUEUE,
      callback: (error, message) => {
        if (error) return
        void (async () => {
          let reply: Reply
          try {
            const command = JSON.parse(this.#decoder.decode(message.data)) as BusCommand
            reply = { ok: true, value: await handler(command) }
          } catch (failure) {
            const e = failure as Error & { code?: string }
            reply = { ok: false, error: { name: e.name ?? 'Error', message: e.message ?? String(failure), code: e.code } }
          }
          message.respond(this.#encoder.encode(JSON.stringify(reply)))
        })()
      },
    })
    this.#subscriptions.add(subscription)
    await this.#nc.flush()
    return async () => {
      this.#subscriptions.delete(subscription)
      subscription.unsubscribe()
      // Once this resolves the server has dropped the subscription: a request sent next finds no responder
      // instead of reaching this connection and timing out.
      if (!this.#nc.isClosed()) await this.#nc.flush().catch(() => {})
    }
  }

  async request<Value>(address: string, command: BusCommand, options: { timeoutMs?: number } = {}): Promise<Value> {
    let response
    try {
      response = await this.#nc.request(commandSubject(address), this.#encoder.encode(JSON.stringify(command)), {
        timeout: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      })
    } catch (error) {
      if (error instanceof RequestError && error.isNoResponders()) throw new NoResponderError(address)
      throw error
    }
    const reply = JSON.parse(this.#decoder.decode(response.data)) as Reply
    if (reply.ok) return reply.value as Value
    throw new RemoteCommandError(reply.error.name, reply.error.message, reply.error.code)
  }

  async ping(): Promise<void> {
    if (this.#nc.isClosed()) throw new Error('NATS connection is closed')
    await this.#nc.flush()
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#stopConsuming()
    for (const subscription of this.#subscriptions) subscription.unsubscribe()
    this.#listeners.clear()
    await this.#nc.drain().catch(() => this.#nc.close())
  }
}
