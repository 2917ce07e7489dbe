import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { ControlSession } from '../../app/sessions/control-session.ts'
import { CreateSession } from '../../app/sessions/create-session.ts'
import { DeleteSession } from '../../app/sessions/delete-session.ts'
import { GetSession, ListSessions } from '../../app/sessions/list-sessions.ts'
import { UpdateSessionSettings } from '../../app/sessions/update-session-settings.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { sessionResponse, successResponse } from '../response-schemas.ts'
import { idParam, sessionConfig } from '../schemas.ts'

const controls = ['start', 'stop', 'restart', 'logout'] as const

/** The seed's sessions resource, plus GET one and the start/stop/restart/logout controls. `:id` is the sessionId or the id. */
export function sessionRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/sessions',
      summary: 'The sessions you can see',
      response: z.array(sessionResponse),
      access: 'authenticated',
      handle: ({ ctx }) => app.queries.execute(new ListSessions(callerOf(ctx))),
    }),
    route({
      method: 'post',
      path: '/api/sessions',
      summary: 'Create a session; it starts connecting and shows a QR',
      response: sessionResponse,
      access: 'authenticated',
      body: z.object({ name: z.string().trim().min(1, 'must not be empty').max(100), config: sessionConfig.optional() }),
      handle: ({ ctx, body }) => app.commands.execute(new CreateSession(callerOf(ctx), body.name, body.config)),
    }),
    route({
      method: 'get',
      path: '/api/sessions/:id',
      summary: 'One session (by sessionId or id)',
      response: sessionResponse,
      access: 'authenticated',
      params: idParam,
      handle: ({ ctx, params }) => app.queries.execute(new GetSession(callerOf(ctx), params.id)),
    }),
    route({
      method: 'patch',
      path: '/api/sessions/:id/settings',
      summary: 'Update the session’s settings',
      response: sessionResponse,
      access: 'authenticated',
      params: idParam,
      body: z.object({ config: sessionConfig }),
      handle: ({ ctx, params, body }) => app.commands.execute(new UpdateSessionSettings(callerOf(ctx), params.id, body.config)),
    }),
    // The seed documents DELETE …/settings as deleting the session; both paths do.
    ...['/api/sessions/:id/settings', '/api/sessions/:id'].map((path) =>
      route({
        method: 'delete',
        path,
        summary: 'Delete the session (its socket, credentials and read models)',
        response: successResponse,
        access: 'authenticated',
        params: idParam,
        handle: ({ ctx, params }) => app.commands.execute(new DeleteSession(callerOf(ctx), params.id)),
      }),
    ),
    ...controls.map((control) =>
      route({
        method: 'post',
        path: `/api/sessions/:id/${control}`,
        summary: `${control[0]!.toUpperCase()}${control.slice(1)} the session`,
        response: sessionResponse,
        access: 'authenticated',
        params: idParam,
        body:
          control === 'start'
            ? z.object({ pairingPhone: z.string().regex(/^\d{6,15}$/, 'must be the phone number in international format, digits only').optional() })
            : z.object({}).passthrough(),
        handle: ({ ctx, params, body }) =>
          app.commands.execute(new ControlSession(callerOf(ctx), params.id, control, (body as { pairingPhone?: string }).pairingPhone)),
      }),
    ),
  ]
}
