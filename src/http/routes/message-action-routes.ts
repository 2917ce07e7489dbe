import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { EditMessage } from '../../app/message/edit-message.ts'
import { ForwardMessage } from '../../app/message/forward-message.ts'
import { MarkRead } from '../../app/message/mark-read.ts'
import { RevokeMessage } from '../../app/message/revoke-message.ts'
import { SendPresence } from '../../app/message/send-presence.ts'
import { PRESENCES } from '../../domain/actions/message-actions.ts'
import { callerOf } from '../auth/request-auth.ts'
import { editResponse, forwardResponse, presenceResponse, readResponse, revokeResponse } from '../message-action-responses.ts'
import { route } from '../route.ts'
import { jid } from './chat-routes.ts'

const sessionRef = z.string().trim().min(1, 'is required').max(64)
const messageId = z.string().trim().min(1, 'must not be empty').max(128).regex(/^[\x21-\x7e]+$/, 'must be a WhatsApp message id (printable ASCII)')

/** Actions on messages already in a chat: edit, delete for everyone, forward, mark read; and typing in a chat. */
export function messageActionRoutes(app: AppContext) {
  return [
    route({
      method: 'post',
      path: '/api/chat/edit',
      summary: 'Edit the text of a message this session sent (within 15 minutes)',
      response: editResponse,
      access: 'authenticated',
      body: z.object({ sessionId: sessionRef, jid, messageId, text: z.string().min(1, 'must not be empty').max(65_536) }),
      handle: ({ ctx, body }) => app.commands.execute(new EditMessage(callerOf(ctx), body)),
    }),
    route({
      method: 'post',
      path: '/api/chat/revoke',
      summary: 'Delete a message for everyone',
      response: revokeResponse,
      access: 'authenticated',
      body: z.object({ sessionId: sessionRef, jid, messageId }),
      handle: ({ ctx, body }) => app.commands.execute(new RevokeMessage(callerOf(ctx), body)),
    }),
    route({
      method: 'post',
      path: '/api/chat/forward',
      summary: 'Forward a message of chat fromJid to chat jid',
      response: forwardResponse,
      access: 'authenticated',
      body: z.object({ sessionId: sessionRef, jid, messageId, fromJid: jid }),
      handle: ({ ctx, body }) => app.commands.execute(new ForwardMessage(callerOf(ctx), body)),
    }),
    route({
      method: 'post',
      path: '/api/chat/read',
      summary: 'Mark received messages read (blue ticks): the ones named, or the chat’s latest',
      response: readResponse,
      access: 'authenticated',
      body: z.object({ sessionId: sessionRef, jid, messageIds: z.array(messageId).min(1, 'must name at least one message (or leave it out)').max(500).optional() }),
      handle: ({ ctx, body }) => app.commands.execute(new MarkRead(callerOf(ctx), body)),
    }),
    route({
      method: 'post',
      path: '/api/chat/presence',
      summary: 'Show typing, recording or paused in a chat, or the account available / unavailable',
      response: presenceResponse,
      access: 'authenticated',
      body: z.object({ sessionId: sessionRef, jid, presence: z.enum(PRESENCES, { error: `must be one of ${PRESENCES.join(', ')}` }) }),
      handle: ({ ctx, body }) => app.commands.execute(new SendPresence(callerOf(ctx), body)),
    }),
  ]
}
