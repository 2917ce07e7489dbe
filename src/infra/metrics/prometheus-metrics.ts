import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Metrics, WebhookAttemptOutcome } from '../../domain/ports/metrics.ts'
import { SESSION_STATUSES } from '../../domain/session/session-events.ts'
import { readProjectionLag, type MetricSources, type ProjectionLag } from './metric-sources.ts'

export const METRIC_PREFIX = 'wag_'
export type EventStoreReadOperation = 'readAll' | 'readStream' | 'headPosition' | 'positionAt' | 'alignAfter'
const SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600]
/** Counting dead letters scans the deliveries: at most once per this, however often Prometheus scrapes. */
const DEAD_LETTER_CACHE_MS = 15_000
/** Gauges of one scrape share one reading of the projections' lag. */
const SNAPSHOT_MS = 500

/**
 * The gateway's Prometheus metrics, in a registry of its own (never prom-client's global one: tests
 * run several gateways in one process). Counters and histograms are fed where the figures arise
 * (the Metrics port); gauges are read from their sources when Prometheus scrapes.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry()
  readonly #http: Histogram<'method' | 'route' | 'status'>
  readonly #pacing: Histogram
  readonly #webhookAttempts: Counter<'outcome'>
  readonly #webhookLag: Histogram
  readonly #appendSeconds: Histogram
  readonly #appendedEvents: Counter
  readonly #reads: Counter<'operation'>
  readonly #readEvents: Counter<'operation'>
  readonly #messages: Counter<'session' | 'direction'>
  #sources: MetricSources | undefined
  #deadLetters: { value: number; at: number } | undefined
  #lag: { at: number; snapshot: Promise<ProjectionLag> } | undefined

  constructor() {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX })
    this.#http = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'HTTP requests by route pattern, method and status',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS_BUCKETS,
      registers,
    })
    this.#pacing = new Histogram({
      name: `${METRIC_PREFIX}outbound_pacing_wait_seconds`,
      help: 'How long a send waited for its turn under its session\'s pacing',
      buckets: [0, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    })
    this.#webhookAttempts = new Counter({
      name: `${METRIC_PREFIX}webhook_deliveries_total`,
      help: 'Webhook delivery attempts by outcome: delivered (2xx), retry (failed, retried later), dead (dead-lettered)',
      labelNames: ['outcome'],
      registers,
    })
    this.#webhookLag = new Histogram({
      name: `${METRIC_PREFIX}webhook_delivery_lag_seconds`,
      help: 'From the event being recorded to the receiver\'s 2xx answer',
      buckets: LAG_BUCKETS,
      registers,
    })
    this.#appendSeconds = new Histogram({
      name: `${METRIC_PREFIX}event_store_append_seconds`,
      help: 'Event store append latency (one append, any number of events)',
      buckets: SECONDS_BUCKETS,
      registers,
    })
    this.#appendedEvents = new Counter({
      name: `${METRIC_PREFIX}event_store_appended_events_total`,
      help: 'Events this node appended to the event store',
      registers,
    })
    this.#reads = new Counter({
      name: `${METRIC_PREFIX}event_store_reads_total`,
      help: 'Reads this node made of the event store, by operation (readAll: the consumers catching up; readStream: commands loading an aggregate)',
      labelNames: ['operation'],
      registers,
    })
    this.#readEvents = new Counter({
      name: `${METRIC_PREFIX}event_store_read_events_total`,
      help: 'Events the event store returned to this node, by operation: beside appended_events_total, how often each event is read',
      labelNames: ['operation'],
      registers,
    })
    this.#messages = new Counter({
      name: `${METRIC_PREFIX}messages_total`,
      help: 'WhatsApp messages recorded by the sessions on this node: direction in (received) or out (sent)',
      labelNames: ['session', 'direction'],
      registers,
    })
    for (const outcome of ['delivered', 'retry', 'dead'] as const) this.#webhookAttempts.labels(outcome).inc(0)
    for (const operation of ['readAll', 'readStream'] as const) {
      this.#reads.labels(operation).inc(0)
      this.#readEvents.labels(operation).inc(0)
    }
    this.#gauges()
  }

  /** Where the scrape-time gauges read from; set once the gateway has built its parts. */
  observe(sources: MetricSources): void {
    this.#sources = sources
  }

  httpRequestFinished(request: { method: string; route: string; status: number; seconds: number }): void {
    this.#http.labels(request.method, request.route, String(request.status)).observe(request.seconds)
  }

  outboundPaced(seconds: number): void {
    this.#pacing.observe(seconds)
  }

  webhookAttempted(outcome: WebhookAttemptOutcome, recordedAt: Date | null): void {
    this.#webhookAttempts.labels(outcome).inc()
    if (outcome === 'delivered' && recordedAt) this.#webhookLag.observe(Math.max(0, (Date.now() - recordedAt.getTime()) / 1000))
  }

  /** An append finished: its latency and how many events it wrote. */
  appended(seconds: number, events: number): void {
    this.#appendSeconds.observe(seconds)
    this.#appendedEvents.inc(events)
  }

  /** A read of the event store finished: which operation, and how many events it returned (0 for a position lookup). */
  storeRead(operation: EventStoreReadOperation, events: number): void {
    this.#reads.labels(operation).inc()
    if (events > 0) this.#readEvents.labels(operation).inc(events)
  }

  /** WhatsApp messages recorded for a session: in (received) or out (sent). */
  messagesRecorded(session: string, direction: 'in' | 'out', count: number): void {
    this.#messages.labels(session, direction).inc(count)
  }

  /** The text Prometheus scrapes. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() }
  }

  #gauges(): void {
    const registers = [this.registry]
    const self = this
    new Gauge({
      name: `${METRIC_PREFIX}sessions`,
      help: 'Sessions running on this node, by status',
      labelNames: ['status'],
      registers,
      collect() {
        const counts = new Map<string, number>(SESSION_STATUSES.map((s) => [s, 0]))
        for (const session of self.#sources?.sessions() ?? []) counts.set(session.status, (counts.get(session.status) ?? 0) + 1)
        for (const [status, count] of counts) this.labels(status).set(count)
      },
    })
    new Gauge({
      name: `${METRIC_PREFIX}outbound_queue_depth`,
      help: 'Sends queued and not yet done, per session on this node',
      labelNames: ['session'],
      registers,
      collect() {
        this.reset()
        for (const session of self.#sources?.sessions() ?? []) this.labels(session.sessionId).set(session.outboundDepth)
      },
    })
    new Gauge({
      name: `${METRIC_PREFIX}socketio_connections`,
      help: 'Authenticated Socket.io connections to this node',
      registers,
      collect() {
        this.set(self.#sources?.socketConnections() ?? 0)
      },
    })
    new Gauge({
      name: `${METRIC_PREFIX}webhook_dead_letters`,
      help: 'Webhook deliveries that are dead-lettered now (whole cluster; redeliver or replay them)',
      registers,
      async collect() {
        const sources = self.#sources
        if (!sources) return
        const cached = self.#deadLetters
        if (!cached || Date.now() - cached.at > DEAD_LETTER_CACHE_MS) {
          self.#deadLetters = { value: await sources.deadLetters(), at: Date.now() }
        }
        this.set(self.#deadLetters!.value)
      },
    })
    new Gauge({
      name: `${METRIC_PREFIX}parked_events`,
      help: 'Events a consumer could not handle and parked, not yet resolved (GET /api/admin/parked-events)',
      labelNames: ['consumer'],
      registers,
      async collect() {
        const sources = self.#sources
        if (!sources) return
        const parked = await sources.parkedEvents()
        this.reset()
        for (const { consumer, count } of parked) this.labels(consumer).set(count)
      },
    })
    // One read of the head and the projections per scrape, shared by the four gauges below.
    const lag = () => {
      const now = Date.now()
      if (!self.#lag || now - self.#lag.at > SNAPSHOT_MS) self.#lag = { at: now, snapshot: readProjectionLag(self.#sources) }
      return self.#lag.snapshot
    }
    new Gauge({
      name: `${METRIC_PREFIX}event_store_head_position`,
      help: 'The last log position readers can see',
      registers,
      async collect() {
        this.set(Number((await lag()).head))
      },
    })
    new Gauge({
      name: `${METRIC_PREFIX}projection_position`,
      help: 'The log position each projection has applied up to',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const p of (await lag()).projections) this.labels(p.name).set(Number(p.position))
      },
    })
    new Gauge({
      name: `${METRIC_PREFIX}projection_lag_positions`,
      help: 'Log positions between the head and each projection (on Postgres a position is transaction id << 20 + ordinal, not an event count)',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const p of (await lag()).projections) this.labels(p.name).set(p.lagPositions)
      },
    })
    new Gauge({
      name: `${METRIC_PREFIX}projection_lag_seconds`,
      help: 'Age of the oldest event a projection has not applied yet (0 when caught up)',
      labelNames: ['projection'],
      registers,
      async collect() {
        for (const p of (await lag()).projections) this.labels(p.name).set(p.lagSeconds)
      },
    })
  }
}
