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
  archived: ColumnType<boolean, boolean | undefined, boolean>
  pinned_at: Date | null
  muted_until: Date | null
  /** Messages received since the chat was last read. */
  unread_count: ColumnType<number, number | undefined, number>
  /** Marked unread on purpose (markUnread), whatever the count. */
  marked_unread: ColumnType<boolean, boolean | undefined, boolean>
  /** Deleted on the account: the messages recorded before this position are gone from the chat. */
  cleared_position: bigint | null
  updated_at: Date
}

export interface ChatsTables {
  chats: ChatsTable
}
