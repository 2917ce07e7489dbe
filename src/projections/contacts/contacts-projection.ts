import { sql, type Kysely } from 'kysely'
import type { Projection } from '../../consumers/projection.ts'
import { BlocklistEventTypes, type BlocklistChangedData } from '../../domain/contacts/contact-events.ts'
import { IdentityEventTypes, type IdentityMappedData } from '../../domain/contacts/identity-events.ts'
import { ContactEventTypes, type ContactUpdateData } from '../../domain/messages/message-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { requireIdOfStream } from '../../domain/streams.ts'
import { applyWithIdentities } from '../identities/identity-segments.ts'
import type { ContactsTables } from './tables.ts'

export const CONTACTS_PROJECTION = 'contacts'

/** The people of each session: names and picture from contact.update, blocked from contact.blocklist, one row per person. */
export const contactsProjection: Projection<ContactsTables> = {
  name: CONTACTS_PROJECTION,
  eventTypes: [ContactEventTypes.update, BlocklistEventTypes.changed, IdentityEventTypes.mapped],
  async apply(db, events) {
    await applyWithIdentities(
      events,
      async (run) => {
        for (const event of run) await applyEvent(db, event)
      },
      (sessionId, pair) => mergeContact(db, sessionId, pair),
    )
  },
  async reset(db) {
    await db.deleteFrom('contacts').execute()
  },
}

async function applyEvent(db: Kysely<ContactsTables>, event: StoredEvent): Promise<void> {
  const sessionId = requireIdOfStream(event.streamId, 'messages')
  if (event.type === ContactEventTypes.update) {
    const data = event.data as ContactUpdateData
    const fields = {
      ...(data.name !== undefined ? { name: data.name } : {}),
      ...(data.notify !== undefined ? { notify: data.notify } : {}),
      ...(data.imgUrl !== undefined ? { profile_pic: data.imgUrl } : {}),
    }
    await db
      .insertInto('contacts')
      .values({ session_id: sessionId, jid: data.jid, name: null, notify: null, profile_pic: null, ...fields })
      .onConflict((oc) => oc.columns(['session_id', 'jid']).doUpdateSet({ ...fields, updated_at: sql`now()` }))
      .execute()
    return
  }
  if (event.type === BlocklistEventTypes.changed) {
    const data = event.data as BlocklistChangedData
    const blocked = data.action !== 'unblock'
    if (data.action === 'set') {
      let unblock = db.updateTable('contacts').set({ blocked: false, updated_at: sql`now()` }).where('session_id', '=', sessionId).where('blocked', '=', true)
      if (data.jids.length > 0) unblock = unblock.where('jid', 'not in', [...data.jids])
      await unblock.execute()
    }
    for (const jid of data.jids) {
      await db
        .insertInto('contacts')
        .values({ session_id: sessionId, jid, name: null, notify: null, profile_pic: null, blocked })
        .onConflict((oc) => oc.columns(['session_id', 'jid']).doUpdateSet({ blocked, updated_at: sql`now()` }))
        .execute()
    }
  }
}

/** A person's LID row folded into their number's: what the number's row lacks comes from the LID's. */
async function mergeContact(db: Kysely<ContactsTables>, sessionId: string, { lid, pn }: IdentityMappedData): Promise<void> {
  const lidRow = await db.deleteFrom('contacts').where('session_id', '=', sessionId).where('jid', '=', lid).returningAll().executeTakeFirst()
  if (!lidRow) return
  await db
    .insertInto('contacts')
    .values({ session_id: sessionId, jid: pn, name: lidRow.name, notify: lidRow.notify, profile_pic: lidRow.profile_pic, blocked: lidRow.blocked })
    .onConflict((oc) =>
      oc.columns(['session_id', 'jid']).doUpdateSet((eb) => ({
        name: sql`coalesce(${eb.ref('contacts.name')}, ${lidRow.name})`,
        notify: sql`coalesce(${eb.ref('contacts.notify')}, ${lidRow.notify})`,
        profile_pic: sql`coalesce(${eb.ref('contacts.profile_pic')}, ${lidRow.profile_pic})`,
        blocked: sql`${eb.ref('contacts.blocked')} or ${lidRow.blocked}`,
        updated_at: sql`now()`,
      })),
    )
    .execute()
}
