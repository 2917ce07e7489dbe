/** What the scrape-time gauges read: the gateway's parts, as plain functions. */
export interface MetricSources {
  /** The sessions running on this node. */
  sessions(): Iterable<{ readonly sessionId: string; readonly status: string; readonly outboundDepth: number }>
  /** Every projection and the position it has applied up to. */
  projections(): Iterable<{ readonly name: string; readonly position: bigint }>
  headPosition(): Promise<bigint>
  /** When the first event after a position was recorded (null when there is none). */
  firstEventAfter(position: bigint): Promise<{ readonly occurredAt: Date } | null>
  /** Webhook deliveries dead-lettered now. */
  deadLetters(): Promise<number>
  /** Events each consumer parked (could not handle) and nobody resolved yet. */
  parkedEvents(): Promise<ReadonlyArray<{ readonly consumer: string; readonly count: number }>>
  socketConnections(): number
}

export interface ProjectionLag {
  readonly head: bigint
  readonly projections: ReadonlyArray<{ readonly name: string; readonly position: bigint; readonly lagPositions: number; readonly lagSeconds: number }>
}

/** The head, and how far behind it each projection is, in positions and in the age of its oldest unapplied event. */
export async function readProjectionLag(sources: MetricSources | undefined): Promise<ProjectionLag> {
  if (!sources) return { head: 0n, projections: [] }
  const head = await sources.headPosition()
  const now = Date.now()
  const projections = []
  for (const { name, position } of sources.projections()) {
    const behind = head > position
    const next = behind ? await sources.firstEventAfter(position) : null
    projections.push({
      name,
      position,
      lagPositions: behind ? Number(head - position) : 0,
      lagSeconds: next ? Math.max(0, (now - next.occurredAt.getTime()) / 1000) : 0,
    })
  }
  return { head, projections }
}
