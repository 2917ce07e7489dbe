import type { Chat } from '../../api/types.ts'

export const chatTitle = (chat: Pick<Chat, 'name' | 'notify' | 'jid'>) => chat.name ?? chat.notify ?? `+${chat.jid.split('@')[0]}`

export function shortTime(iso: string): string {
  const date = new Date(iso)
  const today = new Date()
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString([], { day: 'numeric', month: 'short' })
}

/** A phone number or JID typed by a person, as a JID. */
export function toJid(input: string): string | null {
  const trimmed = input.trim()
  if (/@(s\.whatsapp\.net|g\.us|lid)$/.test(trimmed)) return trimmed
  const digits = trimmed.replace(/[\s+\-()]/g, '')
  return /^\d{6,15}$/.test(digits) ? `${digits}@s.whatsapp.net` : null
}
