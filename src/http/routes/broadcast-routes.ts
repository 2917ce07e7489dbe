import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { CancelBroadcast, GetBroadcast, StartBroadcast } from '../../app/messaging/broadcasts.ts'
import { MAX_BROADCAST_RECIPIENTS } from '../../domain/broadcast/broadcast-decide.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { broadcastResponse, broadcastStartedResponse, successResponse } from '../response-schemas.ts'
import { jid } from './chat-routes.ts'

/** POST /api/messages/broadcast (the seed's), its progress, and cancelling it. */
export function broadcastRoutes(app: AppContext) {
  const broadcastId = z.object({ id: z.string().min(1).max(64) })
  return [
    route({
      method: 'post',
      path: '/api/messages/broadcast',
      summary: 'Send one message to many recipients, paced, in the background',
      response: broadcastStartedResponse,
      access: 'authenticated',
      body: z.object({
        sessionId: z.string().trim().min(1, 'is required').max(64),
        recipients: z.array(jid).min(1, 'needs at least one JID').max(MAX_BROADCAST_RECIPIENTS),
        message: z.string().min(1, 'must not be empty').max(65_536),
        delay: z.number().int().min(0).max(3_600_000).optional(),
      }),
      handle: ({ ctx, body }) => app.commands.execute(new StartBroadcast(callerOf(ctx), body)),
    }),
    route({
      method: 'get',
      path: '/api/messages/broadcast/:id',
      summary: 'A broadcast’s progress per recipient',
      response: broadcastResponse,
      access: 'authenticated',
      params: broadcastId,
      handle: ({ ctx, params }) => app.queries.execute(new GetBroadcast(callerOf(ctx), params.id)),
    }),
    ...(['post', 'delete'] as const).map((method) =>
      route({
        method,
        path: method === 'post' ? '/api/messages/broadcast/:id/cancel' : '/api/messages/broadcast/:id',
        summary: 'Cancel a broadcast: the recipients not yet sent to are skipped',
        response: successResponse,
        access: 'authenticated',
        params: broadcastId,
        handle: ({ ctx, params }) => app.commands.execute(new CancelBroadcast(callerOf(ctx), params.id)),
      }),
    ),
  ]
}
