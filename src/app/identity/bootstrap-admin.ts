import type { Logger } from 'pino'
import { ConflictError } from '../../domain/errors.ts'
import { usersProjection } from '../../projections/users/users-projection.ts'
import type { AppContext } from '../app-context.ts'
import type { AppDeps } from '../app-deps.ts'
import { RegisterUser } from './register-user.ts'

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost'

/**
 * First start: with no user at all, creates the SUPERADMIN from ADMIN_EMAIL / ADMIN_PASSWORD, or with a
 * generated password printed once in the log. Nodes starting together race on the e-mail claim; one wins.
 */
export async function bootstrapAdmin(
  app: AppContext,
  deps: AppDeps,
  admin: { email?: string; password?: string },
  logger: Logger,
): Promise<void> {
  await deps.projections.waitFor(usersProjection.name, await deps.store.headPosition(), 60_000)
  const anyone = await deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (anyone) return
  try {
    const { user, generatedPassword } = await app.commands.execute(
      new RegisterUser(null, { email: admin.email ?? DEFAULT_ADMIN_EMAIL, password: admin.password, role: 'SUPERADMIN' }),
    )
    if (generatedPassword) {
      logger.warn(
        { email: user.email, initialPassword: generatedPassword },
        'first start: created the SUPERADMIN with a generated password, shown only this once; log in and change it, or set ADMIN_EMAIL and ADMIN_PASSWORD',
      )
    } else {
      logger.info({ email: user.email }, 'first start: created the SUPERADMIN from ADMIN_EMAIL')
    }
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error
  }
}
