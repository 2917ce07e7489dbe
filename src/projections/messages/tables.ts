import type { ColumnType } from 'kysely'
import type { MediaInfo, MessageStatus, MessageType } from '../../domain/messages/message-events.ts'

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
  origin: string | null
  complete: boolean
  position: bigint
}

export interface MessagesTables {
  messages: MessagesTable
}
