/**
 * A phone number as the seed's JID rules say: international format without `+`, a leading `0` is
 * Indonesia's (`08123456789` → `628123456789`). People write numbers with spaces, dashes, dots,
 * parentheses, a `+` or a `00` prefix; a phone-number JID is taken as it is.
 */
const SEPARATORS = /[\s\-.()]/g
const PHONE_JID = /^(\d{5,20})(?::\d+)?@s\.whatsapp\.net$/

/** The phone-number JID of what was written, or null when it is not a phone number. */
export function phoneJidOf(input: string): string | null {
  const jid = PHONE_JID.exec(input.trim())
  if (jid) return `${jid[1]}@s.whatsapp.net`
  let digits = input.replace(SEPARATORS, '')
  if (digits.startsWith('+')) digits = digits.slice(1)
  else if (digits.startsWith('00')) digits = digits.slice(2)
  else if (digits.startsWith('0')) digits = `62${digits.slice(1)}`
  return /^[1-9]\d{4,19}$/.test(digits) ? `${digits}@s.whatsapp.net` : null
}
