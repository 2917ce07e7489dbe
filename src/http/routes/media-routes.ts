import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { GetMediaFile } from '../../app/messaging/get-media-file.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'

/** GET /api/media/:sessionId/:name: received media (a message's mediaUrl), for those who may see the session. */
export function mediaRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/media/:sessionId/:name',
      summary: 'A received media file',
      access: 'authenticated',
      params: z.object({ sessionId: z.string().min(1).max(64), name: z.string().min(1).max(100) }),
      handle: async ({ ctx, params }) => {
        const file = await app.queries.execute(new GetMediaFile(callerOf(ctx), params.sessionId, params.name))
        ctx.type = file.mimetype
        ctx.set('Cache-Control', 'private, max-age=86400, immutable')
        ctx.set('X-Content-Type-Options', 'nosniff')
        ctx.body = file.bytes
      },
    }),
  ]
}
