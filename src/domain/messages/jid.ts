/** The JIDs a message may be sent to (the seed's JID table, plus LIDs). */
export const USER_JID = /^\d{5,20}@s\.whatsapp\.net$/
export const GROUP_JID = /^\d{5,30}(-\d{1,15})?@g\.us$/
export const LID_JID = /^\d{5,30}@lid$/
export const STATUS_JID = 'status@broadcast'

export function isSendableJid(jid: string): boolean {
  return USER_JID.test(jid) || GROUP_JID.test(jid) || LID_JID.test(jid)
}

export const JID_HINT = 'must be a WhatsApp JID such as 6287748687946@s.whatsapp.net or 120363014587327510@g.us'
