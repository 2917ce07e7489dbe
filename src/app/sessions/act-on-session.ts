import type { ActionAnswer, WhatsAppAction } from '../../domain/actions/whatsapp-action.ts'
import { causeOf, type Caller } from '../../domain/identity/caller.ts'
import type { SessionAction } from '../../domain/identity/session-access.ts'
import type { AppDeps } from '../app-deps.ts'
import { findSessionFor } from './find-session.ts'

/**
 * Runs an action on a session's WhatsApp account for a caller who may (404 for a session they may not
 * see, 403 for one they may not use this way), on whichever node runs it (503 when not connected).
 */
export async function actOnSession<Answer = ActionAnswer>(
  deps: Pick<AppDeps, 'db' | 'registry'>,
  caller: Caller,
  sessionId: string,
  action: WhatsAppAction,
  access: SessionAction = 'send',
): Promise<{ sessionId: string; answer: Answer }> {
  const session = await findSessionFor(deps.db, caller, sessionId, access)
  const answer = await deps.registry.execute<Answer>(session.session_id, { type: 'session.act', cause: causeOf(caller), action })
  return { sessionId: session.session_id, answer }
}
