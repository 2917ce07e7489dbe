import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { CancelSchedule, CreateSchedule, ListSchedules } from '../../app/scheduler/schedules.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { scheduleResponse, successResponse } from '../response-schemas.ts'
import { httpUrl } from '../schemas.ts'
import { jid } from './chat-routes.ts'

/** The seed's scheduler: list (per session), schedule, cancel. */
export function schedulerRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/scheduler',
      summary: 'Scheduled messages',
      response: z.array(scheduleResponse),
      access: 'authenticated',
      query: z.object({ sessionId: z.string().min(1).max(64).optional() }),
      handle: ({ ctx, query }) => app.queries.execute(new ListSchedules(callerOf(ctx), query.sessionId)),
    }),
    route({
      method: 'post',
      path: '/api/scheduler',
      summary: 'Schedule a message',
      response: scheduleResponse,
      access: 'authenticated',
      body: z.object({
        sessionId: z.string().trim().min(1, 'is required').max(64),
        jid,
        content: z.string().max(65_536),
        sendAt: z.string().min(10, 'must be an ISO 8601 date-time such as 2026-01-15T09:00:00').max(64),
        mediaUrl: httpUrl.nullish(),
        mediaType: z.enum(['IMAGE', 'VIDEO', 'AUDIO', 'DOCUMENT']).optional(),
      }).refine((b) => b.content.length > 0 || b.mediaUrl, { message: 'content must not be empty (or give a mediaUrl)', path: ['content'] }),
      handle: ({ ctx, body }) =>
        app.commands.execute(
          new CreateSchedule(callerOf(ctx), { ...body, mediaUrl: body.mediaUrl ?? undefined }),
        ),
    }),
    route({
      method: 'delete',
      path: '/api/scheduler/:id',
      summary: 'Cancel a scheduled message',
      response: successResponse,
      access: 'authenticated',
      params: z.object({ id: z.string().min(1).max(64) }),
      handle: ({ ctx, params }) => app.commands.execute(new CancelSchedule(callerOf(ctx), params.id)),
    }),
  ]
}
