import type { Provider } from '@nestjs/common'
import { commandHandler } from '../cqrs.ts'
import { EditMessage, EditMessageHandler } from './edit-message.ts'
import { ForwardMessage, ForwardMessageHandler } from './forward-message.ts'
import { MarkRead, MarkReadHandler } from './mark-read.ts'
import { RevokeMessage, RevokeMessageHandler } from './revoke-message.ts'
import { SendPresence, SendPresenceHandler } from './send-presence.ts'

/** The message actions' handlers (edit, revoke, forward, read, presence). */
export const messageActionHandlers = (): Provider[] => [
  commandHandler(EditMessage, EditMessageHandler),
  commandHandler(RevokeMessage, RevokeMessageHandler),
  commandHandler(ForwardMessage, ForwardMessageHandler),
  commandHandler(MarkRead, MarkReadHandler),
  commandHandler(SendPresence, SendPresenceHandler),
]
