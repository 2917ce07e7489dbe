import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import { GetApiKey, IssueApiKey, RevokeApiKey } from '../../app/identity/api-keys.ts'
import { GetMe, ListUsers } from '../../app/identity/list-users.ts'
import { Login, Logout } from '../../app/identity/login.ts'
import { RegisterUser } from '../../app/identity/register-user.ts'
import { UpdateUser } from '../../app/identity/update-user.ts'
import { ChangeOwnPassword } from '../../app/identity/change-own-password.ts'
import { SESSION_COOKIE } from '../../app/identity/session-cookie.ts'
import { assertSameOrigin, callerOf, clearLoginCookies, setLoginCookies } from '../auth/request-auth.ts'
import { route } from '../route.ts'
import { apiKeyResponse, successResponse, userResponse } from '../response-schemas.ts'
import { email, idParam, password, role } from '../schemas.ts'

/** Dashboard login (cookie), the caller's API key, and user administration for superadmins. */
export function identityRoutes(app: AppContext) {
  return [
    route({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Log in: sets the authjs.session-token and wag.csrf cookies',
      response: z.object({ user: userResponse, expiresAt: z.string() }),
      access: 'public',
      body: z.object({ email, password: z.string().min(1).max(256) }),
      handle: async ({ ctx, body }) => {
        if (ctx.get('origin')) assertSameOrigin(ctx)
        const { token, expiresAt, user } = await app.commands.execute(new Login(body.email, body.password, ctx.ip))
        setLoginCookies(ctx, token, new Date(expiresAt))
        return { user, expiresAt }
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Log out: ends this login and clears its cookies',
      response: successResponse,
      access: 'authenticated',
      handle: async ({ ctx }) => {
        const token = ctx.cookies.get(SESSION_COOKIE)
        if (token) await app.commands.execute(new Logout(token))
        clearLoginCookies(ctx)
        return { success: true }
      },
    }),
    route({ method: 'get', path: '/api/auth/me', access: 'authenticated', summary: 'The caller, and how it authenticated', response: userResponse.extend({ via: z.enum(['api-key', 'cookie', 'system']), passwordChangeSuggested: z.boolean() }), handle: ({ ctx }) => app.queries.execute(new GetMe(callerOf(ctx))) }),
    // Any user, their own password; it ends every login (log in again with the new one).
    route({
      method: 'post',
      path: '/api/auth/password',
      access: 'authenticated',
      summary: 'Change your own password (proving the current one); every login of yours ends',
      body: z.object({ currentPassword: z.string().min(1).max(256), newPassword: password }).strict(),
      response: successResponse,
      handle: ({ ctx, body }) => app.commands.execute(new ChangeOwnPassword(callerOf(ctx), body.currentPassword, body.newPassword)),
    }),

    route({ method: 'get', path: '/api/user/api-key', access: 'authenticated', summary: 'Your current API key (null when none)', response: apiKeyResponse, handle: ({ ctx }) => app.queries.execute(new GetApiKey(callerOf(ctx))) }),
    route({ method: 'post', path: '/api/user/api-key', access: 'authenticated', summary: 'Generate a new API key; the old one stops working', response: apiKeyResponse, handle: ({ ctx }) => app.commands.execute(new IssueApiKey(callerOf(ctx))) }),
    route({ method: 'delete', path: '/api/user/api-key', access: 'authenticated', summary: 'Revoke your API key', response: successResponse, handle: ({ ctx }) => app.commands.execute(new RevokeApiKey(callerOf(ctx))) }),

    route({ method: 'get', path: '/api/admin/users', access: 'authenticated', summary: 'Every user (SUPERADMIN)', response: z.array(userResponse), handle: ({ ctx }) => app.queries.execute(new ListUsers(callerOf(ctx))) }),
    route({
      method: 'post',
      path: '/api/admin/users',
      summary: 'Create a user (SUPERADMIN); a generated password is answered once',
      response: userResponse.extend({ password: z.string().optional() }),
      access: 'authenticated',
      body: z.object({ email, password: password.optional(), role: role.default('OWNER') }),
      handle: async ({ ctx, body }) => {
        const { user, generatedPassword } = await app.commands.execute(new RegisterUser(callerOf(ctx), body))
        return generatedPassword ? { ...user, password: generatedPassword } : user
      },
    }),
    route({
      method: 'patch',
      path: '/api/admin/users/:id',
      summary: 'Change a user’s role, state, password or assigned sessions (SUPERADMIN)',
      response: userResponse,
      access: 'authenticated',
      params: idParam,
      body: z
        .object({
          role: role.optional(),
          disabled: z.boolean().optional(),
          password: password.optional(),
          assignedSessionIds: z.array(z.string().min(1).max(64)).max(1000).optional(),
        })
        .strict()
        .refine((b) => Object.keys(b).length > 0, 'name at least one of role, disabled, password, assignedSessionIds'),
      handle: ({ ctx, params, body }) => app.commands.execute(new UpdateUser(callerOf(ctx), params.id, body)),
    }),
  ]
}
