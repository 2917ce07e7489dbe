import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import type { AppContext } from '../../app/app-context.ts'
import type { AppDeps } from '../../app/app-deps.ts'
import { issueApiKey } from '../../app/identity/api-keys.ts'
import { RegisterUser } from '../../app/identity/register-user.ts'
import { route } from '../route.ts'
import { email, password, role } from '../schemas.ts'

/**
 * Mounted only with GATEWAY_TEST_ENDPOINTS=1, so that scripts and tests can start from nothing: creates
 * a user (by default an OWNER with a random address) and hands back an API key for it.
 */
export function testRoutes(app: AppContext, deps: AppDeps) {
  return [
    route({
      method: 'post',
      path: '/api/test/create-user',
      access: 'public',
      body: z.object({ email: email.optional(), password: password.optional(), role: role.default('OWNER') }),
      handle: async ({ body }) => {
        const address = body.email ?? `test-${randomBytes(5).toString('hex')}@example.com`
        const { user, generatedPassword } = await app.commands.execute(new RegisterUser(null, { email: address, password: body.password, role: body.role }))
        const apiKey = await issueApiKey(deps, user.id, { actor: { kind: 'system', id: 'test-endpoint' } })
        return { id: user.id, email: user.email, role: user.role, apiKey, ...(generatedPassword ? { password: generatedPassword } : {}) }
      },
    }),
  ]
}
