/** The per-session settings of the seed, with their defaults. */
export interface SessionConfig {
  autoReplyEnabled: boolean
  ppGuardEnabled: boolean
  ppGuardFallbackUrl: string | null
  readReceipts: boolean
  antiDelete: boolean
  ghostMode: boolean
  /** Decline every incoming call. */
  rejectCalls: boolean
  /** Sent to the caller after a declined call, when set. */
  rejectCallsMessage: string | null
  /** The proxy for the WhatsApp socket and media, as it may be shown (password masked); null for none. */
  proxy: string | null
  /** The proxy URL itself, sealed with the gateway key: never shown, opened only by the WhatsApp driver. */
  proxySealed: string | null
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = {
  autoReplyEnabled: false,
  ppGuardEnabled: false,
  ppGuardFallbackUrl: null,
  /** Off by default: a gateway that blue-ticks every message at once surprises people. */
  readReceipts: false,
  antiDelete: false,
  ghostMode: false,
  rejectCalls: false,
  rejectCallsMessage: null,
  proxy: null,
  proxySealed: null,
}

export const SESSION_CONFIG_KEYS = Object.keys(DEFAULT_SESSION_CONFIG) as ReadonlyArray<keyof SessionConfig>
