import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { PostStatus } from '../../app/messaging/post-status.ts'
import { RepeatedSend } from '../../app/messaging/repeated-send.ts'
import { SendSticker } from '../../app/messaging/send-sticker.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { repeatedSendResponse, sendResponse, statusPostedResponse } from '../response-schemas.ts'
import { httpUrl } from '../schemas.ts'
import { jid } from './chat-routes.ts'

const sessionRef = z.string().trim().min(1, 'is required').max(64)
const STICKER_UPLOAD_MAX_BYTES = 5 * 1024 * 1024

/** The sticker maker, WhatsApp status, and repeated sends (the seed's "spam"). */
export function messageRoutes(app: AppContext) {
  return [
    route({
      method: 'post',
      path: '/api/messages/sticker',
      summary: 'Make a sticker of an uploaded image and send it',
      response: sendResponse,
      access: 'authenticated',
      multipart: { fileField: 'file', maxBytes: STICKER_UPLOAD_MAX_BYTES },
      body: z.object({
        sessionId: sessionRef,
        jid,
        packName: z.string().max(128).optional(),
        packPublisher: z.string().max(128).optional(),
      }),
      handle: ({ ctx, body, file }) =>
        app.commands.execute(
          new SendSticker(callerOf(ctx), {
            sessionId: body.sessionId,
            jid: body.jid,
            image: file!.bytes,
            pack: { ...(body.packName ? { packName: body.packName } : {}), ...(body.packPublisher ? { publisher: body.packPublisher } : {}) },
          }),
        ),
    }),
    route({
      method: 'post',
      path: '/api/status/update',
      summary: 'Post a WhatsApp status to the session’s contacts',
      response: statusPostedResponse,
      access: 'authenticated',
      body: z
        .object({
          sessionId: sessionRef,
          content: z.string().max(700, 'must have at most 700 characters'),
          type: z.enum(['TEXT', 'IMAGE', 'VIDEO']).default('TEXT'),
          mediaUrl: httpUrl.optional(),
          backgroundColor: z.string().regex(/^(0x|#)?[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/, 'must be a hex colour, ARGB like 0xff1e90ff or RGB like #1e90ff').optional(),
          font: z.number().int().min(0, 'must be 0 to 5').max(5, 'must be 0 to 5').optional(),
        })
        .refine((b) => b.type === 'TEXT' || b.mediaUrl, { message: 'mediaUrl is required for IMAGE and VIDEO statuses', path: ['mediaUrl'] })
        .refine((b) => b.type !== 'TEXT' || b.content.length > 0, { message: 'content must not be empty for a TEXT status', path: ['content'] }),
      handle: ({ ctx, body }) => app.commands.execute(new PostStatus(callerOf(ctx), body)),
    }),
    route({
      method: 'post',
      path: '/api/messages/spam',
      summary: 'Send one message repeatedly (off unless REPEATED_SENDS_ENABLED)',
      response: repeatedSendResponse,
      access: 'authenticated',
      body: z.object({
        sessionId: sessionRef,
        jid,
        message: z.string().min(1, 'must not be empty').max(4096),
        count: z.number().int().min(1).default(10),
        delay: z.number().int().min(0).max(3_600_000).default(500),
      }),
      handle: ({ ctx, body }) => app.commands.execute(new RepeatedSend(callerOf(ctx), body)),
    }),
  ]
}
