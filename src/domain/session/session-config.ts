/** The per-session settings of the seed, with their defaults. */
export interface SessionConfig {
  autoReplyEnabled: boolean
  ppGuardEnabled: boolean
  ppGuardFallbackUrl: string | null
  readReceipts: boolean
  antiDelete: boolean
  ghostMode: boolean
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = {
  autoReplyEnabled: false,
  ppGuardEnabled: false,
  ppGuardFallbackUrl: null,
  /** Off by default: a gateway that blue-ticks every message at once surprises people. */
  readReceipts: false,
  antiDelete: false,
  ghostMode: false,
}

export const SESSION_CONFIG_KEYS = Object.keys(DEFAULT_SESSION_CONFIG) as ReadonlyArray<keyof SessionConfig>
