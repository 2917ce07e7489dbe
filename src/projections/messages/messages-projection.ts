import { MessageEventTypes } from '../../domain/messages/message-events.ts'
import { IdentityEventTypes } from '../../domain/contacts/identity-events.ts'
import { MessageEditedType } from '../../domain/messages/edit-events.ts'
import { PollVoteType } from '../../domain/messages/poll-events.ts'
import { foldRows } from '../fold-rows.ts'
import { applyWithIdentities } from '../identities/identity-segments.ts'
import { mergeMessageIdentity } from './merge-message-identity.ts'
import type { Projection } from '../../consumers/projection.ts'
import { evolveMessageRow, messageRowIdsOf } from './evolve-message-row.ts'
import { loadMessageRows } from './load-message-rows.ts'
import { saveMessageRows } from './save-message-rows.ts'
import type { MessagesTables } from './tables.ts'

/** Messages of every chat (GET /api/chat/:sessionId/:jid), one row per message. */
export const messagesProjection: Projection<MessagesTables> = {
  name: 'messages',
  eventTypes: [...Object.values(MessageEventTypes), MessageEditedType, PollVoteType, IdentityEventTypes.mapped],
  apply: (db, events) =>
    applyWithIdentities(
      events,
      (traffic) => foldRows({ keysOf: messageRowIdsOf, evolve: evolveMessageRow, load: (ids) => loadMessageRows(db, ids), save: (rows) => saveMessageRows(db, rows) }, traffic),
      (sessionId, pair) => mergeMessageIdentity(db, sessionId, pair),
    ),
  async reset(db) {
    await db.deleteFrom('messages').execute()
  },
}
