import { sql } from 'kysely'
import { IdentityEventTypes } from '../../domain/contacts/identity-events.ts'
import type { Projection } from '../../consumers/projection.ts'
import { identitySegments } from './identity-segments.ts'
import type { ContactIdentitiesTables } from './tables.ts'

export const IDENTITIES_PROJECTION = 'identities'

/** Each session's LID↔phone-number pairs: a LID maps to one number, the latest learnt. */
export const identitiesProjection: Projection<ContactIdentitiesTables> = {
  name: IDENTITIES_PROJECTION,
  eventTypes: [IdentityEventTypes.mapped],
  async apply(db, events) {
    for (const segment of identitySegments(events)) {
      if (segment.kind !== 'mapped') continue
      await db
        .insertInto('contact_identities')
        .values({ session_id: segment.sessionId, lid: segment.pair.lid, pn: segment.pair.pn })
        .onConflict((oc) => oc.columns(['session_id', 'lid']).doUpdateSet({ pn: segment.pair.pn, updated_at: sql`now()` }))
        .execute()
    }
  },
  async reset(db) {
    await db.deleteFrom('contact_identities').execute()
  },
}
