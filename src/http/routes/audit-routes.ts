import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { ListAudit } from '../../app/audit/list-audit.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'

/** GET /api/audit: the stored events, newest first, scoped to what the caller may see; secrets never shown. */
export function auditRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/audit',
      access: 'authenticated',
      query: z.object({
        sessionId: z.string().min(1).max(64).optional(),
        type: z.string().min(1).max(100).optional(),
        from: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-10T10:00:00Z' }).optional(),
        before: z.string().regex(/^\d+$/, 'must be a position from a previous page').optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      handle: ({ ctx, query }) =>
        app.queries.execute(
          new ListAudit(callerOf(ctx), {
            sessionId: query.sessionId,
            type: query.type,
            from: query.from ? new Date(query.from) : undefined,
            before: query.before ? BigInt(query.before) : undefined,
            limit: query.limit,
          }),
        ),
    }),
  ]
}
