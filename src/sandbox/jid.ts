/** JID helpers for the two user namespaces: phone numbers (PN) and LIDs. */
import { jidDecode, jidEncode } from '@whiskeysockets/baileys'
import { LID_SERVER, PN_SERVER } from './constants.ts'

export const pnJid = (user: string, device?: number) => jidEncode(user, PN_SERVER, device)
export const lidJid = (user: string, device?: number) => jidEncode(user, LID_SERVER, device)

export type ParsedUserJid = { user: string; server: 'pn' | 'lid'; device: number }

/** Parses `123`, `+123`, `123@s.whatsapp.net`, `123:4@s.whatsapp.net` or `456:4@lid`. */
export function parseUserJid(input: string): ParsedUserJid | undefined {
  const trimmed = input.trim()
  if (/^\+?\d+$/.test(trimmed)) return { user: trimmed.replace('+', ''), server: 'pn', device: 0 }
  const decoded = jidDecode(trimmed)
  if (!decoded?.user) return undefined
  if (decoded.server === PN_SERVER) return { user: decoded.user, server: 'pn', device: decoded.device ?? 0 }
  if (decoded.server === LID_SERVER) return { user: decoded.user, server: 'lid', device: decoded.device ?? 0 }
  return undefined
}
