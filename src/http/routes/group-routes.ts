import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { CreateGroup, ListGroups } from '../../app/messaging/groups.ts'
import { USER_JID } from '../../domain/messages/jid.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { groupCreatedResponse, groupResponse } from '../response-schemas.ts'

/** GET /api/groups and POST /api/groups/create, with the seed's validation rules. */
export function groupRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/groups',
      summary: 'The groups of a session',
      response: z.array(groupResponse),
      access: 'authenticated',
      query: z.object({ sessionId: z.string().min(1).max(64).optional() }),
      handle: ({ ctx, query }) => app.queries.execute(new ListGroups(callerOf(ctx), query.sessionId)),
    }),
    route({
      method: 'post',
      path: '/api/groups/create',
      summary: 'Create a WhatsApp group',
      response: groupCreatedResponse,
      access: 'authenticated',
      body: z.object({
        sessionId: z.string().trim().min(1, 'is required and must not be empty').max(64),
        subject: z.string().trim().min(1, 'must have 1 to 100 characters').max(100, 'must have 1 to 100 characters'),
        participants: z
          .array(z.string().regex(USER_JID, 'must be a JID ending with @s.whatsapp.net, e.g. 6287748687946@s.whatsapp.net'))
          .min(1, 'needs at least one participant')
          .max(1024),
      }),
      handle: ({ ctx, body }) => app.commands.execute(new CreateGroup(callerOf(ctx), body)),
    }),
  ]
}
