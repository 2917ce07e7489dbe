import type { Kysely, Selectable } from 'kysely'
import { NotFoundError, SessionNotConnectedError } from '../../domain/errors.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import type { MessageKeyRef } from '../../domain/actions/message-actions.ts'
import type { MessagesTable, MessagesTables } from '../../projections/messages/tables.ts'
import type { SessionsTable } from '../../projections/sessions/tables.ts'
import type { AppDeps } from '../app-deps.ts'
import { contactIdentity } from '../contacts/contact-identity.ts'
import { findSessionFor } from '../sessions/find-session.ts'

/**
 * The session a message action is for, connected (503 before any lookup, so a disconnected session
 * answers the same for every input), and the chat in the form the read models keep.
 */
export async function connectedSessionChat(
  deps: Pick<AppDeps, 'db'>,
  caller: Caller,
  sessionId: string,
  jid: string,
): Promise<{ session: Selectable<SessionsTable>; chat: string }> {
  const session = await findSessionFor(deps.db, caller, sessionId, 'send')
  if (session.status !== 'CONNECTED') throw new SessionNotConnectedError(session.session_id, session.status)
  const { jid: chat } = await contactIdentity(deps.db, session.session_id, jid)
  return { session, chat }
}

/** A message of a chat as recorded (ours first when an id is in both directions); 404 when there is none. */
export async function findMessage(db: Kysely<MessagesTables>, sessionId: string, chat: string, keyId: string): Promise<Selectable<MessagesTable>> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('remote_jid', '=', chat)
    .where('key_id', '=', keyId)
    .where('complete', '=', true)
    .orderBy('from_me', 'desc')
    .executeTakeFirst()
  if (!row) throw new NotFoundError(`no message ${keyId} in the chat with ${chat}`)
  return row
}

/** A recorded message as WhatsApp keys it. */
export function keyOf(row: Selectable<MessagesTable>): MessageKeyRef {
  return { remoteJid: row.remote_jid, id: row.key_id, fromMe: row.from_me, ...(row.sender_jid ? { participant: row.sender_jid } : {}) }
}
