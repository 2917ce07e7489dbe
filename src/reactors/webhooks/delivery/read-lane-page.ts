import type { Kysely } from 'kysely'
import type { LaneKey } from '../routing/insert-deliveries.ts'
import type { WebhooksTables } from '../tables.ts'

/** A pending delivery as the lane runner attempts it, with its webhook's current target and secret. */
export interface LaneDelivery {
  readonly id: string
  readonly webhookId: string
  readonly eventId: string
  readonly eventPosition: bigint
  readonly eventType: string
  readonly sessionId: string
  readonly body: string
  readonly attempts: number
  readonly roundAttempts: number
  readonly roundStartedAt: Date | null
  readonly url: string
  readonly sealedSecret: string
  /** Active and not deleted. */
  readonly webhookLive: boolean
}

/** The lane's next pending deliveries after a position, in event order. */
export async function readLanePage(db: Kysely<WebhooksTables>, lane: LaneKey, afterPosition: bigint, limit: number): Promise<LaneDelivery[]> {
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select([
      'd.id',
      'd.webhook_id',
      'd.event_id',
      'd.event_position',
      'd.event_type',
      'd.session_id',
      'd.body',
      'd.attempts',
      'd.round_attempts',
      'd.round_started_at',
      'w.url',
      'w.sealed_secret',
      'w.is_active',
      'w.deleted_at',
    ])
    .where('d.webhook_id', '=', lane.webhookId)
    .where('d.session_id', '=', lane.sessionId)
    .where('d.state', '=', 'pending')
    .where('d.event_position', '>', afterPosition)
    .orderBy('d.event_position')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    eventId: r.event_id,
    eventPosition: r.event_position,
    eventType: r.event_type,
    sessionId: r.session_id,
    body: r.body,
    attempts: r.attempts,
    roundAttempts: r.round_attempts,
    roundStartedAt: r.round_started_at,
    url: r.url,
    sealedSecret: r.sealed_secret,
    webhookLive: r.is_active && r.deleted_at === null,
  }))
}
