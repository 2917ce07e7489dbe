import type { Kysely } from 'kysely'
import type { WebhooksTables } from '../tables.ts'

/**
 * Ends the leases of earlier processes of this node (`<nodeId>/<instance>`): a node id runs one
 * process at a time, so they crashed. Returns how many lanes were freed.
 */
export async function takeOverLeases(db: Kysely<WebhooksTables>, nodeId: string, owner: string): Promise<number> {
  const result = await db
    .updateTable('webhook_lanes')
    .set({ lease_owner: null, lease_until: null })
    .where('lease_owner', 'like', `${nodeId.replace(/[\\%_]/g, '\\$&')}/%`)
    .where('lease_owner', '!=', owner)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
