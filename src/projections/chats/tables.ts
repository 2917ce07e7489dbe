import type { ColumnType } from 'kysely'
import type { MessageType } from '../../domain/messages/message-events.ts'

export interface LastMessage {
  content: string | null
  timestamp: string
  type: MessageType
  fromMe: boolean
}

export interface ChatsTable {
  session_id: string
  jid: string
  is_group: boolean
  /** The saved contact name, or the group's subject. */
  name: string | null
  /** The name the contact gave themselves (push name). */
  notify: string | null
  profile_pic: string | null
  last_message: ColumnType<LastMessage | null, string | null, string | null>
  last_message_at: Date | null
  last_position: bigint | null
  updated_at: Date
}

export interface ChatsTables {
  chats: ChatsTable
}
