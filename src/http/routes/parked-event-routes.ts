import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { ListParkedEvents, RetryParkedEvent } from '../../app/admin/parked-events.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'

const consumer = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a consumer name, e.g. schedules, event-relay, whatsapp-recorder')

/**
 * The events a consumer parked (one it could not handle, so that it went on past it): list them, and
 * retry one once its cause is fixed. SUPERADMIN only (the application checks): they cut across every tenant.
 */
export function parkedEventRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/admin/parked-events',
      summary: 'Events a consumer could not handle and parked (SUPERADMIN)',
      access: 'authenticated',
      query: z
        .object({
          consumer: consumer.optional(),
          state: z.enum(['parked', 'resolved', 'all']).default('parked'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        })
        .strict(),
      handle: ({ ctx, query }) => app.queries.execute(new ListParkedEvents(callerOf(ctx), query)),
    }),
    route({
      method: 'post',
      path: '/api/admin/parked-events/:id/retry',
      summary: 'Re-apply a parked event to its consumer (SUPERADMIN)',
      access: 'authenticated',
      params: z.object({ id: z.uuid('must be a parked event id') }),
      handle: ({ ctx, params }) => app.commands.execute(new RetryParkedEvent(callerOf(ctx), params.id)),
    }),
  ]
}
