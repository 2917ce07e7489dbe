import type { Kysely } from 'kysely'
import { stableId } from '../../domain/ids.ts'
import { GroupEventTypes, type GroupParticipantsData, type GroupUpdateData } from '../../domain/messages/message-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import type { Projection } from '../../consumers/projection.ts'
import { applyParticipantsChange } from './apply-participants-change.ts'
import { IdentityEventTypes, type IdentityMappedData } from '../../domain/contacts/identity-events.ts'
import { mergeGroupIdentity } from './merge-group-identity.ts'
import type { GroupsTables } from './tables.ts'
import { requireIdOfStream } from '../../domain/streams.ts'

/** The groups each session's account is in (GET /api/groups), from group.update and group.participants events. */
export const groupsProjection: Projection<GroupsTables> = {
  name: 'groups',
  eventTypes: [GroupEventTypes.update, GroupEventTypes.participants, IdentityEventTypes.mapped],
  async apply(db, events) {
    for (const event of events as ReadonlyArray<StoredEvent<string, GroupUpdateData>>) {
      const sessionId = requireIdOfStream(event.streamId, 'messages')
      if (event.type === IdentityEventTypes.mapped) {
        await mergeGroupIdentity(db, sessionId, event.data as unknown as IdentityMappedData)
        continue
      }
      if (event.type === GroupEventTypes.participants) {
        await applyParticipantsEvent(db, sessionId, event.data as unknown as GroupParticipantsData, event.occurredAt)
        continue
      }
      const g = event.data
      const row = await db.selectFrom('groups').selectAll().where('session_id', '=', sessionId).where('jid', '=', g.jid).executeTakeFirst()
      let participants = g.participants ? [...g.participants] : (row?.participants ?? [])
      if (g.participantsChange) participants = applyParticipantsChange(participants, g.participantsChange)
      const values = {
        subject: g.subject ?? row?.subject ?? null,
        description: g.description !== undefined ? g.description : (row?.description ?? null),
        owner_jid: g.ownerJid !== undefined ? g.ownerJid : (row?.owner_jid ?? null),
        participants: JSON.stringify(participants),
        creation: g.creation !== undefined ? (g.creation ? new Date(g.creation) : null) : (row?.creation ?? null),
        restrict: g.restrict ?? row?.restrict ?? false,
        announce: g.announce ?? row?.announce ?? false,
        invite_code: g.inviteCode !== undefined ? g.inviteCode : (row?.invite_code ?? null),
        left: false,
        updated_at: event.occurredAt,
      }
      if (row) await db.updateTable('groups').set(values).where('session_id', '=', sessionId).where('jid', '=', g.jid).execute()
      else await db.insertInto('groups').values({ session_id: sessionId, jid: g.jid, id: stableId('group', sessionId, g.jid), ...values }).execute()
    }
  },
  async reset(db) {
    await db.deleteFrom('groups').execute()
  },
}

/** Who joined, left, was promoted or demoted; the account itself leaving takes the group off the list. */
async function applyParticipantsEvent(db: Kysely<GroupsTables>, sessionId: string, change: GroupParticipantsData, at: Date): Promise<void> {
  const row = await db.selectFrom('groups').selectAll().where('session_id', '=', sessionId).where('jid', '=', change.jid).executeTakeFirst()
  const participants = applyParticipantsChange(row?.participants ?? [], { action: change.action, participants: change.participants.map((p) => p.jid) })
  const values = { participants: JSON.stringify(participants), left: change.left === true, updated_at: at }
  if (row) await db.updateTable('groups').set(values).where('session_id', '=', sessionId).where('jid', '=', change.jid).execute()
  else if (!change.left) {
    await db
      .insertInto('groups')
      .values({
        session_id: sessionId,
        jid: change.jid,
        id: stableId('group', sessionId, change.jid),
        subject: null,
        description: null,
        owner_jid: null,
        creation: null,
        restrict: false,
        announce: false,
        invite_code: null,
        ...values,
      })
      .execute()
  }
}
