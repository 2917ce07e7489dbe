import type { SecretBox } from '../../domain/ports/crypto.ts'
import type { SessionConfig } from '../../domain/session/session-config.ts'
import { maskProxyUrl } from '../../domain/session/session-proxy.ts'

/**
 * Settings as they are recorded: a proxy URL given in clear becomes its masked form (what the API
 * shows) and its sealed form (what the driver opens), so no event or row holds its password.
 */
export function withSealedProxy(config: Partial<SessionConfig>, box: SecretBox): Partial<SessionConfig>
export function withSealedProxy(config: Partial<SessionConfig> | undefined, box: SecretBox): Partial<SessionConfig> | undefined
export function withSealedProxy(config: Partial<SessionConfig> | undefined, box: SecretBox): Partial<SessionConfig> | undefined {
  if (!config || config.proxy === undefined) return config
  if (config.proxy === null) return { ...config, proxy: null, proxySealed: null }
  return { ...config, proxy: maskProxyUrl(config.proxy), proxySealed: box.seal(config.proxy) }
}
