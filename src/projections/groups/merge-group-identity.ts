import type { Kysely } from 'kysely'
import type { IdentityMappedData } from '../../domain/contacts/identity-events.ts'
import type { GroupsTables } from './tables.ts'

/** Groups that list a person by LID list them by phone number once the pair is known (one entry each). */
export async function mergeGroupIdentity(db: Kysely<GroupsTables>, sessionId: string, { lid, pn }: IdentityMappedData): Promise<void> {
  await db.updateTable('groups').set({ owner_jid: pn }).where('session_id', '=', sessionId).where('owner_jid', '=', lid).execute()
  const groups = await db.selectFrom('groups').select(['jid', 'participants']).where('session_id', '=', sessionId).execute()
  for (const group of groups) {
    if (!group.participants.some((p) => p.id === lid)) continue
    const byId = new Map(group.participants.filter((p) => p.id !== lid).map((p) => [p.id, p]))
    const asLid = group.participants.find((p) => p.id === lid)!
    byId.set(pn, { ...asLid, ...byId.get(pn), id: pn, admin: byId.get(pn)?.admin ?? asLid.admin })
    await db.updateTable('groups').set({ participants: JSON.stringify([...byId.values()]) }).where('session_id', '=', sessionId).where('jid', '=', group.jid).execute()
  }
}
