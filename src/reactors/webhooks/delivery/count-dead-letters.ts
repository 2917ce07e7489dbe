import type { Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'

/** How many deliveries are dead-lettered now, across every webhook (GET /metrics). */
export async function countDeadLetters(db: Kysely<WebhooksTables>): Promise<number> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('count'))
    .where('state', '=', 'dead')
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}
