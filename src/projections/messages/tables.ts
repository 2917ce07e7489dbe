import type { ColumnType } from 'kysely'
import type { MediaInfo, MessageStatus, MessageType } from '../../domain/messages/message-events.ts'
import type { PollInfo } from '../../domain/messages/poll-events.ts'

/** A poll on its message's row: what it asks, and each voter's current choice (by option name). */
export interface PollState extends PollInfo {
  readonly votes: Readonly<Record<string, readonly string[]>>
}

export interface MessagesTable {
  id: string
  session_id: string
  remote_jid: string
  key_id: string
  from_me: boolean
  sender_jid: string | null
  push_name: string | null
  type: MessageType
  content: string | null
  /** The WhatsApp message as JSON: what a reply quotes. */
  raw: ColumnType<unknown, string | null, string | null>
  media: ColumnType<MediaInfo | null, string | null, string | null>
  media_url: string | null
  status: MessageStatus | null
  timestamp: Date
  quote_id: string | null
  reactions: ColumnType<Record<string, string>, string, string>
  revoked_at: Date | null
  edited_at: Date | null
  /** A poll's question and options, and each voter's current choice (type POLL). */
  poll: ColumnType<PollState | null, string | null, string | null>
  origin: string | null
  complete: boolean
  position: bigint
}

export interface MessagesTables {
  messages: MessagesTable
}
