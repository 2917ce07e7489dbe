/**
 * A session's proxy for the WhatsApp socket and its media: `http://`, `https://`, `socks5://` or
 * `socks5h://` (the proxy resolves names), with credentials or without. The URL is kept sealed; what
 * anyone sees is the masked form, the password replaced.
 */
export const PROXY_SCHEMES = ['http:', 'https:', 'socks5:', 'socks5h:'] as const

export const PROXY_HINT = 'must be a proxy URL such as http://user:pass@10.0.0.5:3128 or socks5://10.0.0.5:1080 (http, https, socks5, socks5h)'

/** Null when the URL is a usable proxy URL, else what is wrong with it. */
export function proxyUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return PROXY_HINT
  }
  if (!(PROXY_SCHEMES as readonly string[]).includes(url.protocol)) return PROXY_HINT
  if (!url.hostname) return 'needs a host'
  if (url.pathname !== '/' && url.pathname !== '') return 'must not have a path'
  if (url.search || url.hash) return 'must not have a query or fragment'
  return null
}

/** The URL as it may be shown: the password (if any) masked, the rest as given. */
export function maskProxyUrl(value: string): string {
  const url = new URL(value)
  if (url.password) url.password = '***'
  return url.toString().replace(/\/$/, '')
}

/** The purpose the proxy URLs are sealed under (the app seals, the WhatsApp driver opens). */
export const SESSION_PROXY_SEAL = 'session-proxies'
