import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Caller } from '../../domain/identity/caller.ts'
import { ForbiddenError } from '../../domain/errors.ts'
import type { EventParking } from '../../projections/parking/event-parking.ts'
import { viewOf } from '../../projections/parking/event-parking.ts'
import { listParkedEvents } from '../../projections/parking/list-parked-events.ts'
import type { ParkedEventsTables } from '../../projections/parking/tables.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'

const consumer = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a consumer name, e.g. schedules, event-relay, whatsapp-recorder')

function assertSuperadmin(caller: Caller): void {
  if (caller.role !== 'SUPERADMIN') throw new ForbiddenError('only a SUPERADMIN may see and retry parked events')
}

/**
 * The events a consumer parked (one it could not handle, so that it went on past it): list them, and
 * retry one once its cause is fixed. SUPERADMIN only: they cut across every tenant.
 */
export function parkedEventRoutes(db: Kysely<ParkedEventsTables>, parking: EventParking) {
  return [
    route({
      method: 'get',
      path: '/api/admin/parked-events',
      access: 'authenticated',
      query: z
        .object({
          consumer: consumer.optional(),
          state: z.enum(['parked', 'resolved', 'all']).default('parked'),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        })
        .strict(),
      handle: async ({ ctx, query }) => {
        assertSuperadmin(callerOf(ctx))
        const resolved = query.state === 'all' ? undefined : query.state === 'resolved'
        return (await listParkedEvents(db, { consumer: query.consumer, resolved, limit: query.limit })).map(viewOf)
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/parked-events/:id/retry',
      access: 'authenticated',
      params: z.object({ id: z.uuid('must be a parked event id') }),
      handle: ({ ctx, params }) => {
        assertSuperadmin(callerOf(ctx))
        return parking.retry(params.id)
      },
    }),
  ]
}
