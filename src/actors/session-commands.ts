import type { EventMetadata } from '../domain/ports/event-store.ts'
import type { ConnectOptions } from '../domain/ports/whatsapp-driver.ts'
import type { SendRequest } from '../domain/messages/outbound.ts'
import type { SessionConfig } from '../domain/session/session-config.ts'
import type { WhatsAppAction } from '../domain/actions/whatsapp-action.ts'

/** Commands for a session's actor, as they travel over the bus to the node that owns it. Plain JSON. */
export type SessionCommand =
  | { type: 'session.start'; cause: EventMetadata; connectOptions?: ConnectOptions }
  | { type: 'session.stop'; cause: EventMetadata }
  | { type: 'session.restart'; cause: EventMetadata }
  | { type: 'session.logout'; cause: EventMetadata }
  | { type: 'session.update-settings'; cause: EventMetadata; config: Partial<SessionConfig> }
  | { type: 'session.delete'; cause: EventMetadata }
  | { type: 'session.send'; cause: EventMetadata; request: SendRequest }
  | { type: 'session.create-group'; cause: EventMetadata; subject: string; participants: string[] }
  | { type: 'session.act'; cause: EventMetadata; action: WhatsAppAction }
  | { type: 'session.status' }

export const sessionAddress = (sessionId: string) => `session.${sessionId}`
