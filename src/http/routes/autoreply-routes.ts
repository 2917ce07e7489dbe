import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { CreateAutoReply } from '../../app/autoreplies/create-auto-reply.ts'
import { DeleteAutoReply } from '../../app/autoreplies/delete-auto-reply.ts'
import { ListAutoReplies } from '../../app/autoreplies/list-auto-replies.ts'
import { MAX_KEYWORD_LENGTH, MAX_RESPONSE_LENGTH } from '../../domain/autoreply/autoreply-decide.ts'
import { MATCH_TYPES } from '../../domain/autoreply/match-type.ts'
import { callerOf } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { autoReplyResponse, successResponse } from '../response-schemas.ts'
import { idParam } from '../schemas.ts'

const sessionId = z.string().trim().min(1, 'is required').max(64)
const notBlank = (s: string) => s.trim() !== ''

/** The seed's auto-reply rules: list a session's, create one, delete one. */
export function autoReplyRoutes(app: AppContext) {
  return [
    route({
      method: 'get',
      path: '/api/autoreplies',
      summary: 'Auto-reply rules',
      response: z.array(autoReplyResponse),
      access: 'authenticated',
      query: z.object({ sessionId: sessionId.optional() }),
      handle: ({ ctx, query }) => app.queries.execute(new ListAutoReplies(callerOf(ctx), query.sessionId)),
    }),
    route({
      method: 'post',
      path: '/api/autoreplies',
      summary: 'Create an auto-reply rule (EXACT, CONTAINS or REGEX)',
      response: autoReplyResponse,
      access: 'authenticated',
      body: z.object({
        sessionId,
        keyword: z.string().min(1, 'must not be empty').max(MAX_KEYWORD_LENGTH).refine(notBlank, 'must not be blank'),
        response: z.string().min(1, 'must not be empty').max(MAX_RESPONSE_LENGTH).refine(notBlank, 'must not be blank'),
        // The seed's values; lower case is taken too. Without one, a rule answers exactly its keyword.
        matchType: z
          .preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.enum(MATCH_TYPES, { message: `must be one of ${MATCH_TYPES.join(', ')}` }))
          .default('EXACT'),
      }),
      handle: ({ ctx, body }) => app.commands.execute(new CreateAutoReply(callerOf(ctx), body)),
    }),
    route({
      method: 'delete',
      path: '/api/autoreplies/:id',
      summary: 'Delete an auto-reply rule',
      response: successResponse,
      access: 'authenticated',
      params: idParam,
      handle: ({ ctx, params }) => app.commands.execute(new DeleteAutoReply(callerOf(ctx), params.id)),
    }),
  ]
}
