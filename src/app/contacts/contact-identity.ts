import type { Kysely } from 'kysely'
import { isLidJid, isPhoneJid, userJid } from '../../domain/contacts/jid-forms.ts'
import type { ContactIdentitiesTables } from '../../projections/identities/tables.ts'

/** A person's address as the read models keep it (the phone-number JID when known), and the other form. */
export interface ContactIdentity {
  readonly jid: string
  readonly jidAlt: string | null
}

/**
 * What a route was given, in either form, as the read models know it: a LID whose number the session
 * learnt becomes that number; groups, broadcasts and unknown LIDs stay as they are.
 */
export async function contactIdentity(db: Kysely<ContactIdentitiesTables>, sessionId: string, given: string): Promise<ContactIdentity> {
  const jid = userJid(given)
  if (isLidJid(jid)) {
    const row = await db.selectFrom('contact_identities').select('pn').where('session_id', '=', sessionId).where('lid', '=', jid).executeTakeFirst()
    return row ? { jid: row.pn, jidAlt: jid } : { jid, jidAlt: null }
  }
  if (isPhoneJid(jid)) {
    const row = await db
      .selectFrom('contact_identities')
      .select('lid')
      .where('session_id', '=', sessionId)
      .where('pn', '=', jid)
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    return { jid, jidAlt: row?.lid ?? null }
  }
  return { jid: given, jidAlt: null }
}

/** The other form of each of these canonical JIDs that has one (for lists: one query). */
export async function alternateJids(db: Kysely<ContactIdentitiesTables>, sessionId: string, jids: readonly string[]): Promise<Map<string, string>> {
  const phones = [...new Set(jids.filter(isPhoneJid))]
  const lids = [...new Set(jids.filter(isLidJid))]
  const alternates = new Map<string, string>()
  if (phones.length === 0 && lids.length === 0) return alternates
  const rows = await db
    .selectFrom('contact_identities')
    .select(['lid', 'pn'])
    .where('session_id', '=', sessionId)
    .where((eb) => eb.or([...(phones.length > 0 ? [eb('pn', 'in', phones)] : []), ...(lids.length > 0 ? [eb('lid', 'in', lids)] : [])]))
    .orderBy('updated_at')
    .execute()
  for (const { lid, pn } of rows) {
    alternates.set(pn, lid)
    alternates.set(lid, pn)
  }
  return alternates
}
