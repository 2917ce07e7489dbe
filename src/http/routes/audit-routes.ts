import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { ListAudit } from '../../app/audit/list-audit.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { isoDateTime, position } from '../schemas.ts'

/** GET /api/audit: the stored events, newest first, scoped to what the caller may see; secrets never shown. */
export function auditRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/audit',
      summary: 'The audit log: stored events with who caused them, newest first',
      access: 'authenticated',
      query: z.object({
        sessionId: z.string().min(1).max(64).optional(),
        type: z.string().min(1).max(100).optional(),
        from: isoDateTime.optional(),
        before: position.optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      handle: ({ ctx, query }) =>
        app.queries.execute(
          new ListAudit(callerOf(ctx), {
            sessionId: query.sessionId,
            type: query.type,
            from: query.from ? new Date(query.from) : undefined,
            before: query.before,
            limit: query.limit,
          }),
        ),
    }),
  ]
}
