import type { Logger } from 'pino'
import type { GatewayConfig } from '../config.ts'
import type { Projection } from '../consumers/projection.ts'
import type { RegexEngine } from '../domain/ports/regex-engine.ts'
import { auditProjection } from '../projections/audit/audit-projection.ts'
import { broadcastsProjection } from '../projections/broadcasts/broadcasts-projection.ts'
import { chatsProjection } from '../projections/chats/chats-projection.ts'
import { groupsProjection } from '../projections/groups/groups-projection.ts'
import { identitiesProjection } from '../projections/identities/identities-projection.ts'
import { contactsProjection } from '../projections/contacts/contacts-projection.ts'
import { messagesProjection } from '../projections/messages/messages-projection.ts'
import { schedulesProjection } from '../projections/scheduler/schedules-projection.ts'
import { sessionsProjection } from '../projections/sessions/sessions-projection.ts'
import { usersProjection } from '../projections/users/users-projection.ts'
import { autoRepliesProjection } from '../reactors/autoreplies/autoreplies-projection.ts'
import { createWebhooksProjection } from '../reactors/webhooks/webhooks-projection.ts'

/**
 * Every consumer that commits its writes with its checkpoint: the read models, then the durable
 * reactors (webhook routing and auto-reply decisions write their to-do rows in the same transaction).
 */
export function durableConsumers(config: GatewayConfig, deps: { regex: RegexEngine; log: Logger }): Projection[] {
  return [
    sessionsProjection,
    usersProjection,
    auditProjection,
    messagesProjection,
    chatsProjection,
    groupsProjection,
    identitiesProjection,
    contactsProjection,
    broadcastsProjection,
    schedulesProjection,
    createWebhooksProjection(),
    autoRepliesProjection({ regex: deps.regex, policy: config.autoReply, logger: deps.log, now: () => new Date() }),
  ]
}
