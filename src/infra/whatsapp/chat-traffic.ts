import type { BaileysEventMap } from '@whiskeysockets/baileys'
import { ChatEventTypes, type ChatUpdateData } from '../../domain/messages/chat-events.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'
import { IdentityBook } from './identity-book.ts'

const isoOf = (ms: number) => new Date(ms).toISOString()
/** Baileys gives app-state times in seconds or milliseconds (mute ends in ms, pins in ms, older ones in s). */
const msOf = (value: number | { toNumber(): number }) => {
  const n = typeof value === 'number' ? value : value.toNumber()
  return n < 1e12 ? n * 1000 : n
}

/**
 * A chat's state as Baileys tells it (chats.update from app-state patches: this gateway's own, echoed,
 * and other devices'): archived, pinned, muted, read. Baileys' positive unreadCount only counts new
 * messages, which the chats read model counts itself; 0 is read, -1 marked unread.
 */
export function chatUpdateEvents(updates: BaileysEventMap['chats.update'], book: IdentityBook = new IdentityBook()): NewEvent[] {
  return updates.flatMap((update) => {
    if (!update.id) return []
    const jid = book.canonical(update.id)
    const data: ChatUpdateData = {
      jid,
      jidAlt: book.alternate(jid),
      ...(typeof update.archived === 'boolean' ? { archived: update.archived } : {}),
      ...(update.pinned !== undefined ? { pinnedAt: update.pinned ? isoOf(msOf(update.pinned)) : null } : {}),
      ...(update.muteEndTime !== undefined ? { mutedUntil: update.muteEndTime ? isoOf(msOf(update.muteEndTime)) : null } : {}),
      ...(update.unreadCount === 0 || update.unreadCount === -1 ? { read: update.unreadCount === 0 } : {}),
      source: 'whatsapp',
    }
    const changed = Object.keys(data).some((key) => !['jid', 'jidAlt', 'source'].includes(key))
    return changed ? [{ type: ChatEventTypes.update, data }] : []
  })
}

/** Chats deleted on the account (chats.delete). */
export function chatDeleteEvents(jids: BaileysEventMap['chats.delete'], book: IdentityBook = new IdentityBook()): NewEvent[] {
  return jids.map((id) => {
    const jid = book.canonical(id)
    const data: ChatUpdateData = { jid, jidAlt: book.alternate(jid), deleted: true, source: 'whatsapp' }
    return { type: ChatEventTypes.update, data }
  })
}
