import type { Logger } from 'pino'
import { ConflictError } from '../../domain/errors.ts'
import { usersProjection } from '../../projections/users/users-projection.ts'
import type { AppContext } from '../app-context.ts'
import type { AppDeps } from '../app-deps.ts'
import { RegisterUser } from './register-user.ts'

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost'

/** The SUPERADMIN a first start created with a generated password, to be shown to the operator once. */
export interface GeneratedAdmin {
  readonly email: string
  readonly password: string
}

/**
 * First start: with no user at all, creates the SUPERADMIN from ADMIN_EMAIL / ADMIN_PASSWORD, or with a
 * generated password, which it returns for the operator (the caller shows it once, with the URL to log
 * in at). Nodes starting together race on the e-mail claim; one wins.
 */
export async function bootstrapAdmin(
  app: AppContext,
  deps: AppDeps,
  admin: { email?: string; password?: string },
  logger: Logger,
): Promise<GeneratedAdmin | undefined> {
  await deps.projections.waitFor(usersProjection.name, await deps.store.headPosition(), 60_000)
  const anyone = await deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (anyone) return undefined
  try {
    const { user, generatedPassword } = await app.commands.execute(
      new RegisterUser(null, { email: admin.email ?? DEFAULT_ADMIN_EMAIL, password: admin.password, role: 'SUPERADMIN' }),
    )
    if (generatedPassword) return { email: user.email, password: generatedPassword }
    logger.info({ email: user.email }, 'first start: created the SUPERADMIN from ADMIN_EMAIL')
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error
  }
  return undefined
}
