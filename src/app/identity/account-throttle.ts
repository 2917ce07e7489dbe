import type { AppDeps } from '../app-deps.ts'
import { LoginThrottle } from './login-throttle.ts'
import { ACCOUNT_THROTTLE } from './login-policy.ts'

const perGateway = new WeakMap<AppDeps, LoginThrottle>()

/**
 * The one per-account count of wrong passwords of a gateway, shared by everything that checks a
 * password (logins, changing one's own password), so that no door guesses freely past another's limit.
 */
export function accountThrottle(deps: AppDeps): LoginThrottle {
  let throttle = perGateway.get(deps)
  if (!throttle) perGateway.set(deps, (throttle = new LoginThrottle(ACCOUNT_THROTTLE)))
  return throttle
}
