import { z } from 'zod'
import { findSessionFor } from '../../app/sessions/find-session.ts'
import type { Kysely } from 'kysely'
import type { SessionsTables } from '../../projections/sessions/tables.ts'
import type { MediaStore } from '../../domain/ports/media-store.ts'
import { callerOf } from '../auth/request-auth.ts'
import { HttpError } from '../http-error.ts'
import { route } from '../route.ts'

/** GET /api/media/:sessionId/:name: received media (a message's mediaUrl), for those who may see the session. */
export function mediaRoutes(db: Kysely<SessionsTables>, media: MediaStore) {
  return [
    route({
      method: 'get',
      path: '/api/media/:sessionId/:name',
      summary: 'A received media file',
      access: 'authenticated',
      params: z.object({ sessionId: z.string().min(1).max(64), name: z.string().min(1).max(100) }),
      handle: async ({ ctx, params }) => {
        const session = await findSessionFor(db, callerOf(ctx), params.sessionId, 'view')
        const file = await media.get(session.session_id, params.name)
        if (!file) throw new HttpError(404, `no media ${params.name} in session ${params.sessionId}`)
        ctx.type = file.mimetype
        ctx.set('Cache-Control', 'private, max-age=86400, immutable')
        ctx.set('X-Content-Type-Options', 'nosniff')
        ctx.body = file.bytes
      },
    }),
  ]
}
