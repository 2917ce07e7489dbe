import { ContactEventTypes, GroupEventTypes, MessageEventTypes } from '../../domain/messages/message-events.ts'
import { foldRows } from '../fold-rows.ts'
import type { Projection } from '../../consumers/projection.ts'
import { chatKeysOf, evolveChatRow } from './evolve-chat-row.ts'
import { loadChatRows } from './load-chat-rows.ts'
import { saveChatRows } from './save-chat-rows.ts'
import type { ChatsTables } from './tables.ts'

/** Contacts and chats of each session (GET /api/chat/:sessionId): names, pictures, the last message. */
export const chatsProjection: Projection<ChatsTables> = {
  name: 'chats',
  eventTypes: [MessageEventTypes.received, MessageEventTypes.sent, ContactEventTypes.update, GroupEventTypes.update],
  apply: (db, events) =>
    foldRows(
      {
        keysOf: chatKeysOf,
        evolve: evolveChatRow,
        load: (keys) => loadChatRows(db, keys),
        save: (rows) => saveChatRows(db, rows),
      },
      events,
    ),
  async reset(db) {
    await db.deleteFrom('chats').execute()
  },
}
