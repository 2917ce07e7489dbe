import { MessageEventTypes } from '../../domain/messages/message-events.ts'
import { foldRows } from '../fold-rows.ts'
import type { Projection } from '../../consumers/projection.ts'
import { evolveMessageRow, messageRowIdsOf } from './evolve-message-row.ts'
import { loadMessageRows } from './load-message-rows.ts'
import { saveMessageRows } from './save-message-rows.ts'
import type { MessagesTables } from './tables.ts'

/** Messages of every chat (GET /api/chat/:sessionId/:jid), one row per message. */
export const messagesProjection: Projection<MessagesTables> = {
  name: 'messages',
  eventTypes: Object.values(MessageEventTypes),
  apply: (db, events) =>
    foldRows(
      {
        keysOf: messageRowIdsOf,
        evolve: evolveMessageRow,
        load: (ids) => loadMessageRows(db, ids),
        save: (rows) => saveMessageRows(db, rows),
      },
      events,
    ),
  async reset(db) {
    await db.deleteFrom('messages').execute()
  },
}
