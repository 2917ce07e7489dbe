/**
 * WhatsApp addresses a person by phone number (`…@s.whatsapp.net`, PN) or by LID (`…@lid`), and more
 * and more by LID only. Each pair the session learns (a message's alternative address, Baileys'
 * lid-mapping updates, contacts, group participants) is recorded, so that the read models keep one
 * identity per person: the phone-number JID when known, the LID until then.
 */
export const IdentityEventTypes = { mapped: 'identity.mapped' } as const

export interface IdentityMappedData {
  /** The LID user JID, e.g. 123456789012345@lid. */
  readonly lid: string
  /** The phone-number user JID, e.g. 6287748687946@s.whatsapp.net. */
  readonly pn: string
}
