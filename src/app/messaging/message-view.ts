import type { Selectable } from 'kysely'
import type { MessagesTable } from '../../projections/messages/tables.ts'
import { pollResults } from '../../domain/messages/poll-events.ts'

/** A message as the seed shows it, plus reactions and whether it was deleted for everyone. */
export interface MessageView {
  id: string
  sessionId: string
  remoteJid: string
  /** The contact's other address, when known (the LID of a phone-number chat, or the reverse). */
  remoteJidAlt: string | null
  senderJid: string | null
  fromMe: boolean
  keyId: string
  pushName: string | null
  type: string
  content: string | null
  mediaUrl: string | null
  status: string | null
  timestamp: string
  quoteId: string | null
  reactions: Record<string, string>
  revoked: boolean
  /** When the text was last edited (message.edited), null if never. */
  editedAt: string | null
  /** A poll's question and results: each option with its votes and voters (type POLL). */
  poll: PollView | null
}

export interface PollView {
  name: string
  selectableCount: number
  options: Array<{ name: string; votes: number; voters: string[] }>
  /** How many people have a vote in. */
  voters: number
}

export function toMessageView(row: Selectable<MessagesTable>, sessionRowId: string, remoteJidAlt: string | null = null): MessageView {
  return {
    id: row.id,
    sessionId: sessionRowId,
    remoteJid: row.remote_jid,
    remoteJidAlt,
    senderJid: row.sender_jid,
    fromMe: row.from_me,
    keyId: row.key_id,
    pushName: row.push_name,
    type: row.type,
    content: row.content,
    mediaUrl: row.media_url,
    status: row.status,
    timestamp: row.timestamp.toISOString(),
    quoteId: row.quote_id,
    reactions: row.reactions,
    revoked: row.revoked_at !== null,
    editedAt: row.edited_at?.toISOString() ?? null,
    poll: row.poll
      ? { name: row.poll.name, selectableCount: row.poll.selectableCount, options: pollResults(row.poll, row.poll.votes), voters: Object.keys(row.poll.votes).length }
      : null,
  }
}
