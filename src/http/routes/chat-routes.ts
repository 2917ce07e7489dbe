import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { ListMessages } from '../../app/messaging/list-messages.ts'
import { ListChats } from '../../app/messaging/list-chats.ts'
import { SendMessage } from '../../app/messaging/send-message.ts'
import { isSendableJid, JID_HINT } from '../../domain/messages/jid.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { chatResponse, messageResponse, sendResponse } from '../response-schemas.ts'
import { HttpError } from '../http-error.ts'
import { pollMessage, seedMessage } from '../message-schema.ts'

export const jid = z.string().trim().refine(isSendableJid, JID_HINT)
const sessionRef = z.string().min(1, 'must not be empty').max(64)

const idempotencyKey = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')

/** POST /api/chat/send and GET /api/chat/:sessionId/:jid. */
export function chatRoutes(app: AppContext) {
  return [
    route({
      method: 'post',
      path: '/api/chat/send',
      summary: 'Send a message (text, media, location, contacts, reaction, reply); Idempotency-Key makes a retry safe',
      headers: { 'Idempotency-Key': 'a retry with the same key answers the first result and sends nothing again (1–255 printable ASCII characters)' },
      response: sendResponse,
      access: 'authenticated',
      // A poll may come in `message` or beside it ({ sessionId, jid, poll }): it is a message like any other.
      body: z
        .object({ sessionId: sessionRef, jid, message: seedMessage.optional(), poll: pollMessage.optional() })
        .refine((b) => (b.message === undefined) !== (b.poll === undefined), { message: 'give message (or poll) — exactly one', path: ['message'] }),
      handle: ({ ctx, body }) => {
        const key = ctx.get('idempotency-key')
        const parsedKey = key ? idempotencyKey.safeParse(key) : undefined
        if (parsedKey && !parsedKey.success) throw new HttpError(400, 'Idempotency-Key must be 1–255 printable ASCII characters without spaces')
        return app.commands.execute(
          new SendMessage(callerOf(ctx), { sessionId: body.sessionId, jid: body.jid, ...(body.message ?? body.poll!), ...(key ? { idempotencyKey: key } : {}) }),
        )
      },
    }),
    route({
      method: 'get',
      path: '/api/chat/:sessionId',
      summary: 'The chats of a session',
      response: z.array(chatResponse),
      access: 'authenticated',
      params: z.object({ sessionId: sessionRef }),
      handle: ({ ctx, params }) => app.queries.execute(new ListChats(callerOf(ctx), params.sessionId)),
    }),
    route({
      method: 'get',
      path: '/api/chat/:sessionId/:jid',
      summary: 'A page of a chat’s messages, oldest first',
      response: z.array(messageResponse),
      access: 'authenticated',
      params: z.object({ sessionId: sessionRef, jid: z.string().min(3).max(100) }),
      query: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z.string().min(1).max(100).optional(),
      }),
      handle: ({ ctx, params, query }) =>
        app.queries.execute(new ListMessages(callerOf(ctx), { sessionId: params.sessionId, jid: params.jid, limit: query.limit, before: query.before })),
    }),
  ]
}
