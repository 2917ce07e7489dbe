import { ContactEventTypes, GroupEventTypes, MessageEventTypes } from '../../domain/messages/message-events.ts'
import { ChatEventTypes } from '../../domain/messages/chat-events.ts'
import { IdentityEventTypes } from '../../domain/contacts/identity-events.ts'
import { foldRows } from '../fold-rows.ts'
import { applyWithIdentities } from '../identities/identity-segments.ts'
import { mergeChatIdentity } from './merge-chat-identity.ts'
import type { Projection } from '../../consumers/projection.ts'
import { chatKeysOf, evolveChatRow } from './evolve-chat-row.ts'
import { loadChatRows } from './load-chat-rows.ts'
import { saveChatRows } from './save-chat-rows.ts'
import type { ChatsTables } from './tables.ts'

/** Contacts and chats of each session (GET /api/chat/:sessionId): names, pictures, the last message, archived / pinned / muted, unread. */
export const chatsProjection: Projection<ChatsTables> = {
  name: 'chats',
  eventTypes: [MessageEventTypes.received, MessageEventTypes.sent, ContactEventTypes.update, GroupEventTypes.update, ChatEventTypes.update, IdentityEventTypes.mapped],
  apply: (db, events) =>
    applyWithIdentities(
      events,
      (traffic) => foldRows({ keysOf: chatKeysOf, evolve: evolveChatRow, load: (keys) => loadChatRows(db, keys), save: (rows) => saveChatRows(db, rows) }, traffic),
      (sessionId, pair) => mergeChatIdentity(db, sessionId, pair),
    ),
  async reset(db) {
    await db.deleteFrom('chats').execute()
  },
}
