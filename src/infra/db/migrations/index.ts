import type { Migration } from 'kysely'
import * as eventStore from './0001-event-store.ts'
import * as checkpoints from './0002-checkpoints.ts'
import * as sessions from './0003-sessions.ts'
import * as identity from './0004-identity.ts'
import * as auditLog from './0005-audit-log.ts'
import * as whatsappAuth from './0006-whatsapp-auth.ts'
import * as messages from './0007-messages.ts'
import * as idempotencyKeys from './0008-idempotency-keys.ts'
import * as chats from './0009-chats.ts'
import * as groups from './0010-groups.ts'
import * as broadcasts from './0011-broadcasts.ts'
import * as schedules from './0012-schedules.ts'
import * as autoreplies from './0015-autoreplies.ts'
import * as webhooks from './0020-webhooks.ts'
import * as parkedEvents from './0021-parked-events.ts'
import * as eventStoreOrigin from './0022-event-store-origin.ts'
import * as usersPasswordGenerated from './0023-users-password-generated.ts'
import * as contactIdentities from './0024-contact-identities.ts'
import * as messageEditsPolls from './0027-message-edits-polls.ts'
import * as chatStates from './0025-chat-states.ts'
import * as chatCleared from './0028-chat-cleared.ts'
import * as contacts from './0026-contacts.ts'

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '0001-event-store': eventStore,
  '0002-checkpoints': checkpoints,
  '0003-sessions': sessions,
  '0004-identity': identity,
  '0005-audit-log': auditLog,
  '0006-whatsapp-auth': whatsappAuth,
  '0007-messages': messages,
  '0008-idempotency-keys': idempotencyKeys,
  '0009-chats': chats,
  '0010-groups': groups,
  '0011-broadcasts': broadcasts,
  '0012-schedules': schedules,
  '0015-autoreplies': autoreplies,
  '0020-webhooks': webhooks,
  '0021-parked-events': parkedEvents,
  '0022-event-store-origin': eventStoreOrigin,
  '0023-users-password-generated': usersPasswordGenerated,
  '0024-contact-identities': contactIdentities,
  '0025-chat-states': chatStates,
  '0026-contacts': contacts,
  '0027-message-edits-polls': messageEditsPolls,
  '0028-chat-cleared': chatCleared,
}
