import type { IncomingHttpHeaders } from 'node:http'
import type { Authenticator } from '../app/identity/authenticator.ts'
import type { Caller } from '../domain/identity/caller.ts'
import { SESSION_COOKIE } from '../app/identity/session-cookie.ts'

/** What a socket proved itself with; kept to check it again when the user's rights change. */
export type SocketCredential = { readonly kind: 'api-key'; readonly key: string } | { readonly kind: 'cookie'; readonly token: string }

export interface Handshake {
  readonly auth: Record<string, unknown>
  readonly headers: IncomingHttpHeaders
}

/**
 * The credential of a Socket.io handshake: `auth: { apiKey }`, the `X-API-Key` header, or the
 * dashboard's session cookie. A cookie comes along with any page's request, so it counts only from
 * a page of our own origin (no Origin header, or one that matches the Host).
 */
export function credentialOf(handshake: Handshake): SocketCredential | { readonly refused: string } | null {
  const fromAuth = handshake.auth.apiKey
  if (typeof fromAuth === 'string' && fromAuth) return { kind: 'api-key', key: fromAuth }
  const header = handshake.headers['x-api-key']
  const fromHeader = Array.isArray(header) ? header[0] : header
  if (fromHeader) return { kind: 'api-key', key: fromHeader }
  const token = cookieValue(handshake.headers.cookie, SESSION_COOKIE)
  if (token === MALFORMED) return { refused: `the ${SESSION_COOKIE} cookie is malformed (a bad percent-escape); log in again, or use an API key (auth: { apiKey })` }
  if (!token) return null
  const origin = handshake.headers.origin
  if (origin && !sameOrigin(origin, handshake.headers.host)) {
    return { refused: `cross-site socket refused: Origin ${origin} does not match ${handshake.headers.host ?? 'this host'}; use an API key (auth: { apiKey })` }
  }
  return { kind: 'cookie', token }
}

export function authenticate(authenticator: Authenticator, credential: SocketCredential): Promise<Caller | null> {
  return credential.kind === 'api-key' ? authenticator.byApiKey(credential.key) : authenticator.bySessionToken(credential.token)
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host
  } catch {
    return false
  }
}

const MALFORMED = Symbol('malformed cookie')

/** The named cookie's value, percent-decoded; MALFORMED when its escapes are not valid UTF-8 (decodeURIComponent would throw). */
function cookieValue(header: string | undefined, name: string): string | typeof MALFORMED | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index < 0) continue
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim())
      } catch {
        return MALFORMED
      }
    }
  }
  return undefined
}
