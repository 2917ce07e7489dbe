import type { BaileysEventMap } from '@whiskeysockets/baileys'
import { BlocklistEventTypes, type BlocklistChangedData } from '../../domain/contacts/contact-events.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'
import type { IdentityBook } from './identity-book.ts'

/**
 * blocklist.set (the whole list; Baileys does not emit it at login, so the driver fetches the list
 * after connecting) and blocklist.update (a change, ours or from the phone).
 */
export function blocklistEvents(events: Partial<BaileysEventMap>, book: IdentityBook): NewEvent[] {
  const out: NewEvent[] = []
  const set = events['blocklist.set']
  if (set) out.push(blocklistSet(set.blocklist, book))
  const update = events['blocklist.update']
  if (update) out.push(changed({ action: update.type === 'add' ? 'block' : 'unblock', jids: update.blocklist.map((jid) => book.canonical(jid)) }))
  return out
}

export const blocklistSet = (jids: readonly string[], book: IdentityBook): NewEvent => changed({ action: 'set', jids: [...new Set(jids.map((jid) => book.canonical(jid)))] })

const changed = (data: BlocklistChangedData): NewEvent => ({ type: BlocklistEventTypes.changed, data })
