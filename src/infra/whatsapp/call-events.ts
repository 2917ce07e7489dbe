import type { BaileysEventMap } from '@whiskeysockets/baileys'
import { CallEventTypes, type CallReceivedData } from '../../domain/calls/call-events.ts'
import { stableId } from '../../domain/ids.ts'
import type { NewEvent } from '../../domain/ports/event-store.ts'
import type { IdentityBook } from './identity-book.ts'

type Call = BaileysEventMap['call'][number]

/** The calls someone places to us: only the offer is news (ringing, terminate… follow it). */
export const isOffer = (call: Call): boolean => call.status === 'offer'

/** A call offer as call.received; the caller's number (caller_pn) pairs with its LID. */
export function callReceivedEvent(sessionId: string, call: Call, book: IdentityBook, rejected: boolean): NewEvent {
  book.learn(call.from, call.callerPn)
  const from = book.canonical(call.from)
  const data: CallReceivedData = {
    id: call.id,
    from,
    fromAlt: book.alternate(from),
    groupJid: call.groupJid ?? null,
    isVideo: Boolean(call.isVideo),
    isGroup: Boolean(call.isGroup),
    status: 'offer',
    at: (Number.isNaN(call.date.getTime()) ? new Date() : call.date).toISOString(),
    rejected,
  }
  return { id: stableId(sessionId, CallEventTypes.received, call.id), type: CallEventTypes.received, data }
}
