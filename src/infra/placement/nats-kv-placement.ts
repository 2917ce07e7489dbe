import { Kvm, type KV } from '@nats-io/kv'
import type { NatsConnection } from '@nats-io/transport-node'
import type { Logger } from 'pino'
import type { SessionPlacement } from '../../domain/ports/placement.ts'
import { LEASES_BUCKET } from '../bus/nats-subjects.ts'

export interface NatsKvPlacementOptions {
  readonly connection: NatsConnection
  readonly nodeId: string
  /** A lease not renewed for this long expires, and another node may take the session. */
  readonly ttlMs?: number
  readonly bucket?: string
  readonly logger?: Logger
}

export const DEFAULT_LEASE_TTL_MS = 15_000

/**
 * Session ownership as leases in a NATS KV bucket: key = session id, value = node id. A claim creates
 * the key (only one node can), renewals update it at the revision this node last wrote (so a lease
 * taken over elsewhere is noticed as lost), and the bucket's TTL removes the leases of a dead node.
 *
 * The TTL belongs to the bucket, not to the node: the first node creates the bucket with its
 * LEASE_TTL_MS and every later node renews at the bucket's TTL, whatever its own setting. A node that
 * renewed at its own, longer interval would watch its leases expire between renewals and its sessions
 * hop from node to node.
 */
export class NatsKvPlacement implements SessionPlacement {
  readonly #kv: KV
  readonly #nodeId: string
  readonly #logger: Logger | undefined
  readonly #held = new Map<string, number>()
  readonly #lostListeners: Array<(sessionId: string) => void> = []
  readonly #timer: NodeJS.Timeout
  #renewing = false

  static async open(options: NatsKvPlacementOptions): Promise<NatsKvPlacement> {
    const configured = options.ttlMs ?? DEFAULT_LEASE_TTL_MS
    const bucket = options.bucket ?? LEASES_BUCKET
    const kv = await new Kvm(options.connection).create(bucket, { ttl: configured, history: 1 })
    const { ttl } = await kv.status()
    if (ttl !== configured) {
      options.logger?.warn(
        { bucket, configuredTtlMs: configured, bucketTtlMs: ttl },
        ttl > 0
          ? `the leases bucket already exists with a TTL of ${ttl} ms; this node uses it, not LEASE_TTL_MS=${configured}. To change it, stop every node, delete the bucket (nats kv del ${bucket}) and start them with the new LEASE_TTL_MS`
          : `the leases bucket ${bucket} has no TTL, so the sessions of a dead node are never taken over; stop every node and delete it (nats kv del ${bucket})`,
      )
    }
    return new NatsKvPlacement(kv, options, ttl > 0 ? ttl : configured)
  }

  /** The lease TTL in force: the bucket's. A dead node's sessions move after at most this long. */
  readonly ttlMs: number

  private constructor(kv: KV, options: NatsKvPlacementOptions, ttlMs: number) {
    this.#kv = kv
    this.ttlMs = ttlMs
    this.#nodeId = options.nodeId
    this.#logger = options.logger
    this.#timer = setInterval(() => void this.#renewAll(), Math.max(100, Math.floor(ttlMs / 3)))
    this.#timer.unref()
  }

  async claim(sessionId: string): Promise<boolean> {
    if (this.#held.has(sessionId)) return true
    try {
      this.#held.set(sessionId, await this.#kv.create(sessionId, this.#nodeId))
      return true
    } catch {
      // Held already: by us before a restart with the same NODE_ID (take it back), or by another node.
      const entry = await this.#kv.get(sessionId).catch(() => null)
      if (!entry || entry.operation !== 'PUT' || entry.string() !== this.#nodeId) return false
      try {
        this.#held.set(sessionId, await this.#kv.update(sessionId, this.#nodeId, entry.revision))
        return true
      } catch {
        return false
      }
    }
  }

  async release(sessionId: string): Promise<void> {
    const revision = this.#held.get(sessionId)
    this.#held.delete(sessionId)
    if (revision !== undefined) await this.#kv.delete(sessionId, { previousSeq: revision }).catch(() => {})
  }

  onLost(listener: (sessionId: string) => void): void {
    this.#lostListeners.push(listener)
  }

  async #renewAll(): Promise<void> {
    if (this.#renewing) return
    this.#renewing = true
    try {
      await Promise.all(
        [...this.#held].map(async ([sessionId, revision]) => {
          try {
            this.#held.set(sessionId, await this.#kv.update(sessionId, this.#nodeId, revision))
          } catch (error) {
            if (this.#held.get(sessionId) !== revision) return
            this.#held.delete(sessionId)
            this.#logger?.warn({ sessionId, err: error }, 'lost the lease of a session; another node runs it now')
            for (const listener of this.#lostListeners) listener(sessionId)
          }
        }),
      )
    } finally {
      this.#renewing = false
    }
  }

  /** Stops renewing. Leases not released before expire after the TTL. */
  async close(): Promise<void> {
    clearInterval(this.#timer)
  }
}
