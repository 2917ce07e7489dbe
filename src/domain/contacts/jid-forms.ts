/** The two forms of a person's JID, without device or agent parts. */
const LID_USER = /^(\d+)(?::\d+)?@lid$/
const PN_USER = /^(\d+)(?::\d+)?@s\.whatsapp\.net$/

export const isLidJid = (jid: string | null | undefined): jid is string => typeof jid === 'string' && LID_USER.test(jid)
export const isPhoneJid = (jid: string | null | undefined): jid is string => typeof jid === 'string' && PN_USER.test(jid)

/** `123:4@lid` → `123@lid`, `628…:2@s.whatsapp.net` → `628…@s.whatsapp.net`; other JIDs unchanged. */
export function userJid(jid: string): string {
  const lid = LID_USER.exec(jid)
  if (lid) return `${lid[1]}@lid`
  const pn = PN_USER.exec(jid)
  if (pn) return `${pn[1]}@s.whatsapp.net`
  return jid
}

/** A pair from two addresses of one person in either order, or null when they are not one LID and one PN. */
export function identityPair(a: string | null | undefined, b: string | null | undefined): { lid: string; pn: string } | null {
  if (!a || !b) return null
  if (isLidJid(a) && isPhoneJid(b)) return { lid: userJid(a), pn: userJid(b) }
  if (isPhoneJid(a) && isLidJid(b)) return { lid: userJid(b), pn: userJid(a) }
  return null
}
