import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { CreateWebhook } from '../../app/webhooks/create-webhook.ts'
import { DeleteWebhook } from '../../app/webhooks/delete-webhook.ts'
import { GetWebhookDelivery, ListWebhookDeliveries } from '../../app/webhooks/list-deliveries.ts'
import { GetWebhook, ListWebhooks } from '../../app/webhooks/list-webhooks.ts'
import { RedeliverWebhookDelivery } from '../../app/webhooks/redeliver.ts'
import { GetWebhookReplay, ReplayWebhook } from '../../app/webhooks/replay-webhook.ts'
import { UpdateWebhook } from '../../app/webhooks/update-webhook.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { deliveryResponse, replayResponse, successResponse, webhookResponse } from '../response-schemas.ts'
import { httpUrl, idParam, isoDateTime, position } from '../schemas.ts'

const name = z.string().trim().min(1, 'must not be empty').max(100)
const url = httpUrl.max(2048)
const secret = z.string().min(1, 'must not be empty').max(256)
const sessionId = z.string().min(1).max(64)
const events = z.array(z.string().min(1).max(64)).min(1, 'name at least one event, or "*"').max(50)

const deliveryParams = z.object({ id: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) })
const replayParams = z.object({ id: z.string().min(1).max(64), replayId: z.string().min(1).max(64) })

/**
 * The seed's webhooks resource, and our additions: GET one, the delivery log, redelivery of one
 * delivery, and replay since a position or a time. Webhooks of other users answer 404.
 */
export function webhookRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/webhooks',
      summary: 'Your webhooks',
      response: z.array(webhookResponse),
      access: 'authenticated',
      handle: ({ ctx }) => app.queries.execute(new ListWebhooks(callerOf(ctx))),
    }),
    route({
      method: 'post',
      path: '/api/webhooks',
      summary: 'Create a webhook (a secret is generated when none is given)',
      response: webhookResponse,
      access: 'authenticated',
      body: z.object({ name, url, secret: secret.nullable().optional(), sessionId: sessionId.nullable().optional(), events, isActive: z.boolean().optional() }).strict(),
      handle: ({ ctx, body }) => app.commands.execute(new CreateWebhook(callerOf(ctx), body)),
    }),
    route({
      method: 'get',
      path: '/api/webhooks/:id',
      summary: 'One webhook',
      response: webhookResponse,
      access: 'authenticated',
      params: idParam,
      handle: ({ ctx, params }) => app.queries.execute(new GetWebhook(callerOf(ctx), params.id)),
    }),
    route({
      method: 'patch',
      path: '/api/webhooks/:id',
      summary: 'Update a webhook',
      response: webhookResponse,
      access: 'authenticated',
      params: idParam,
      body: z
        .object({ name, url, secret, sessionId: sessionId.nullable(), events, isActive: z.boolean() })
        .partial()
        .strict()
        .refine((b) => Object.keys(b).length > 0, 'name at least one of name, url, secret, sessionId, events, isActive'),
      handle: ({ ctx, params, body }) => app.commands.execute(new UpdateWebhook(callerOf(ctx), params.id, body)),
    }),
    route({
      method: 'delete',
      path: '/api/webhooks/:id',
      summary: 'Delete a webhook',
      response: successResponse,
      access: 'authenticated',
      params: idParam,
      handle: ({ ctx, params }) => app.commands.execute(new DeleteWebhook(callerOf(ctx), params.id)),
    }),
    route({
      method: 'get',
      path: '/api/webhooks/:id/deliveries',
      summary: 'The delivery log, newest event first',
      response: z.array(deliveryResponse),
      access: 'authenticated',
      params: idParam,
      query: z.object({
        state: z.enum(['pending', 'delivered', 'dead', 'cancelled']).optional(),
        sessionId: sessionId.optional(),
        event: z.string().min(1).max(64).optional(),
        before: position.optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
      handle: ({ ctx, params, query }) => app.queries.execute(new ListWebhookDeliveries(callerOf(ctx), params.id, query)),
    }),
    route({
      method: 'get',
      path: '/api/webhooks/:id/deliveries/:deliveryId',
      summary: 'One delivery, with the payload it sends',
      response: deliveryResponse,
      access: 'authenticated',
      params: deliveryParams,
      handle: ({ ctx, params }) => app.queries.execute(new GetWebhookDelivery(callerOf(ctx), params.id, params.deliveryId)),
    }),
    route({
      method: 'post',
      path: '/api/webhooks/:id/deliveries/:deliveryId/redeliver',
      summary: 'Send a delivery again, with a fresh retry budget',
      response: z.object({ success: z.literal(true), delivery: deliveryResponse }),
      successStatus: 202,
      access: 'authenticated',
      params: deliveryParams,
      body: z.object({}).strict(),
      handle: async ({ ctx, params }) => {
        const delivery = await app.commands.execute(new RedeliverWebhookDelivery(callerOf(ctx), params.id, params.deliveryId))
        ctx.status = 202
        return { success: true, delivery }
      },
    }),
    route({
      method: 'post',
      path: '/api/webhooks/:id/replay',
      summary: 'Send again every matching event from a position or a time, in the background',
      response: z.object({ success: z.literal(true), replay: replayResponse }),
      successStatus: 202,
      access: 'authenticated',
      params: idParam,
      body: z
        .object({ fromPosition: position.optional(), since: isoDateTime.optional() })
        .strict()
        .refine((b) => (b.fromPosition === undefined) !== (b.since === undefined), 'give exactly one of fromPosition (a position of the log) or since (an ISO date-time)'),
      handle: async ({ ctx, params, body }) => {
        const from = body.fromPosition !== undefined ? { fromPosition: body.fromPosition } : { since: new Date(body.since!) }
        const replay = await app.commands.execute(new ReplayWebhook(callerOf(ctx), params.id, from))
        ctx.status = 202
        return { success: true, replay }
      },
    }),
    route({
      method: 'get',
      path: '/api/webhooks/:id/replays/:replayId',
      summary: 'A replay job’s progress',
      response: replayResponse,
      access: 'authenticated',
      params: replayParams,
      handle: ({ ctx, params }) => app.queries.execute(new GetWebhookReplay(callerOf(ctx), params.id, params.replayId)),
    }),
  ]
}
