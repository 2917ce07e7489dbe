import { usersProjection } from '../../projections/users/users-projection.ts'
import type { AppDeps } from '../app-deps.ts'

/** Read-your-writes for identity changes: the users read model (what authentication reads) shows `position`. */
export async function awaitUsers(deps: AppDeps, position: bigint | null): Promise<void> {
  if (position !== null) await deps.projections.waitFor(usersProjection.name, position, deps.readYourWritesTimeoutMs)
}
