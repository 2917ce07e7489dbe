import type { Selectable } from 'kysely'
import { stableId } from '../../domain/ids.ts'
import {
  MessageEventTypes,
  statusAdvances,
  type MessageData,
  type MessageMediaData,
  type MessageReactionData,
  type MessageRevokedData,
  type MessageStatusData,
} from '../../domain/messages/message-events.ts'
import type { StoredEvent } from '../../domain/ports/event-store.ts'
import { MessageEditedType, type MessageEditedData } from '../../domain/messages/edit-events.ts'
import { PollVoteType, type PollVoteData } from '../../domain/messages/poll-events.ts'
import type { MessagesTable } from './tables.ts'
import { requireIdOfStream } from '../../domain/streams.ts'

export type MessageRow = Selectable<MessagesTable>

/** The row id of a message: stable, so every event about it finds the same row. */
export const messageRowId = (sessionId: string, remoteJid: string, keyId: string, fromMe: boolean) =>
  stableId('message', sessionId, remoteJid, keyId, fromMe)

const sessionOf = (event: StoredEvent) => requireIdOfStream(event.streamId, 'messages')

/** The rows an event is about. A reaction names a message but not whose it is, so it tries both. */
export function messageRowIdsOf(event: StoredEvent): string[] {
  const d = event.data as { remoteJid: string; keyId: string; fromMe?: boolean }
  const sessionId = sessionOf(event)
  switch (event.type) {
    case MessageEventTypes.status:
      // Receipts are for messages this account sent.
      return [messageRowId(sessionId, d.remoteJid, d.keyId, true)]
    case MessageEventTypes.reaction:
      return [messageRowId(sessionId, d.remoteJid, d.keyId, true), messageRowId(sessionId, d.remoteJid, d.keyId, false)]
    default:
      return [messageRowId(sessionId, d.remoteJid, d.keyId, d.fromMe === true)]
  }
}

/**
 * One message's row after one event. Receipts may overtake the message they are about, so a status
 * only ever advances, and an early receipt leaves an incomplete row that the message completes.
 * Returns the same row when the event changes nothing, undefined when there is still no row.
 */
export function evolveMessageRow(row: MessageRow | undefined, event: StoredEvent, id: string): MessageRow | undefined {
  switch (event.type) {
    case MessageEventTypes.received:
    case MessageEventTypes.sent:
      return withMessage(row, event as StoredEvent<string, MessageData>, id)
    case MessageEventTypes.status:
      return withStatus(row, event as StoredEvent<string, MessageStatusData>, id)
    case MessageEventTypes.revoked:
      return row && { ...row, revoked_at: event.occurredAt }
    case MessageEventTypes.reaction:
      return row && withReaction(row, (event as StoredEvent<string, MessageReactionData>).data)
    case MessageEditedType:
      return row && withEdit(row, event as StoredEvent<string, MessageEditedData>)
    case PollVoteType:
      return row && withVote(row, (event as StoredEvent<string, PollVoteData>).data)
    case MessageEventTypes.media: {
      const url = (event as StoredEvent<string, MessageMediaData>).data.url
      return row && url ? { ...row, media_url: url } : row
    }
    default:
      return row
  }
}

function withMessage(row: MessageRow | undefined, event: StoredEvent<string, MessageData>, id: string): MessageRow {
  // The first complete record wins: the same message may be recorded again (a history resync).
  if (row?.complete) return row
  const d = event.data
  const incoming = d.status ?? null
  const status = row?.status && incoming && !statusAdvances(row.status, incoming) ? row.status : (incoming ?? row?.status ?? null)
  return {
    id,
    session_id: sessionOf(event),
    remote_jid: d.remoteJid,
    key_id: d.keyId,
    from_me: d.fromMe,
    sender_jid: d.senderJid,
    push_name: d.pushName,
    type: d.type,
    content: d.text,
    raw: d.content ?? null,
    media: d.media ?? null,
    // The media URL may have been recorded already (message.media): keep it.
    media_url: row?.media_url ?? d.media?.url ?? null,
    status,
    timestamp: new Date(d.timestamp * 1000),
    quote_id: d.quotedKeyId,
    reactions: row?.reactions ?? {},
    revoked_at: row?.revoked_at ?? null,
    edited_at: row?.edited_at ?? null,
    poll: d.poll ? { ...d.poll, votes: row?.poll?.votes ?? {} } : (row?.poll ?? null),
    origin: d.origin ?? null,
    complete: true,
    position: event.position,
  }
}

function withStatus(row: MessageRow | undefined, event: StoredEvent<string, MessageStatusData>, id: string): MessageRow {
  const d = event.data
  if (row) return statusAdvances(row.status, d.status) ? { ...row, status: d.status } : row
  return {
    id,
    session_id: sessionOf(event),
    remote_jid: d.remoteJid,
    key_id: d.keyId,
    from_me: true,
    sender_jid: null,
    push_name: null,
    type: 'OTHER',
    content: null,
    raw: null,
    media: null,
    media_url: null,
    status: d.status,
    timestamp: event.occurredAt,
    quote_id: null,
    reactions: {},
    revoked_at: null,
    edited_at: null,
    poll: null,
    origin: null,
    complete: false,
    position: event.position,
  }
}

function withReaction(row: MessageRow, d: MessageReactionData): MessageRow {
  const by = d.fromMe ? 'me' : (d.senderJid ?? d.remoteJid)
  const reactions = { ...row.reactions }
  if (d.reaction) reactions[by] = d.reaction
  else delete reactions[by]
  return { ...row, reactions }
}

/** An edit replaces the text and the message; a later edit wins over an earlier one that arrives after it. */
function withEdit(row: MessageRow, event: StoredEvent<string, MessageEditedData>): MessageRow {
  const d = event.data
  const at = new Date(d.timestamp * 1000)
  if (row.edited_at && row.edited_at > at) return row
  return { ...row, content: d.text, raw: d.content ?? row.raw, edited_at: at }
}

/** A voter's current choice replaces their earlier one; an empty choice takes the vote back. */
function withVote(row: MessageRow, d: PollVoteData): MessageRow {
  if (!row.poll) return row
  const votes = { ...row.poll.votes }
  if (d.selectedOptions.length > 0) votes[d.voter] = d.selectedOptions
  else delete votes[d.voter]
  return { ...row, poll: { ...row.poll, votes } }
}
