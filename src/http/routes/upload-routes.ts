import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { SendMessage } from '../../app/messaging/send-message.ts'
import type { OutboundContent } from '../../domain/messages/outbound.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { sendResponse } from '../response-schemas.ts'
import { jid } from './chat-routes.ts'

/**
 * Bounded so that the send, carried to the session's node in one bus message (NATS' default
 * max_payload is 1 MB, and the file travels base64), always fits. Larger media go by URL.
 */
export const UPLOAD_MAX_BYTES = 700 * 1024

/** POST /api/chat/send-media: the dashboard's composer sends an uploaded file (multipart) as image, video, audio or document. */
export function uploadRoutes(app: AppContext) {
  return [
    route({
      method: 'post',
      path: '/api/chat/send-media',
      summary: 'Send an uploaded file (multipart field `file`, at most 700 KB; larger media by URL with /api/chat/send)',
      response: sendResponse,
      access: 'authenticated',
      multipart: { fileField: 'file', maxBytes: UPLOAD_MAX_BYTES },
      body: z.object({
        sessionId: z.string().min(1, 'must not be empty').max(64),
        jid,
        kind: z.enum(['image', 'video', 'audio', 'document']),
        caption: z.string().max(4096).optional(),
        quoted: z.string().min(1).max(128).optional(),
      }),
      handle: ({ ctx, body, file }) => {
        const media = { data: file!.bytes.toString('base64'), mimetype: file!.mimetype }
        const caption = body.caption ? { caption: body.caption } : {}
        const content: OutboundContent =
          body.kind === 'document'
            ? { kind: 'document', media, mimetype: file!.mimetype, fileName: file!.fileName, ...caption }
            : body.kind === 'audio'
              ? { kind: 'audio', media, mimetype: file!.mimetype }
              : { kind: body.kind, media, ...caption }
        return app.commands.execute(new SendMessage(callerOf(ctx), { sessionId: body.sessionId, jid: body.jid, content, ...(body.quoted ? { quotedKeyId: body.quoted } : {}) }))
      },
    }),
  ]
}
