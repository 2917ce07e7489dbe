import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'koa'
import type { Authenticator } from '../../app/identity/authenticator.ts'
import type { Caller } from '../../domain/identity/caller.ts'
import { SESSION_COOKIE } from '../../app/identity/session-cookie.ts'
import { HttpError } from '../http-error.ts'

/** Double-submit token for cookie-authenticated writes from scripts that send no Origin. */
export const CSRF_COOKIE = 'wag.csrf'
export const CSRF_HEADER = 'x-csrf-token'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Resolves the caller from `X-API-Key` or the session cookie. A cookie is ambient (the browser sends it
 * on cross-site requests too), so for writes it counts only when the request proves it comes from our
 * own origin: a matching Origin header, or the CSRF token echoed from its cookie.
 */
export function requestAuthenticator(authenticator: Authenticator) {
  return async (ctx: Context): Promise<Caller | null> => {
    const apiKey = ctx.get('x-api-key')
    if (apiKey) return authenticator.byApiKey(apiKey)
    const token = ctx.cookies.get(SESSION_COOKIE)
    if (!token) return null
    const caller = await authenticator.bySessionToken(token)
    if (caller && !SAFE_METHODS.has(ctx.method)) assertSameOrigin(ctx)
    return caller
  }
}

/** Throws 403 unless the request shows it was made by a page of this origin. */
export function assertSameOrigin(ctx: Context): void {
  const origin = ctx.get('origin')
  if (origin) {
    // Not ctx.origin: since Koa 3 that is the request's own Origin header.
    const own = `${ctx.protocol}://${ctx.host}`
    if (origin === own) return
    throw new HttpError(403, `cross-site request refused: Origin ${origin} is not ${own}`)
  }
  const expected = ctx.cookies.get(CSRF_COOKIE)
  const sent = ctx.get(CSRF_HEADER)
  if (expected && sent && expected.length === sent.length && timingSafeEqual(Buffer.from(expected), Buffer.from(sent))) return
  throw new HttpError(403, `cookie-authenticated writes need an Origin header or the ${CSRF_COOKIE} cookie's value in ${CSRF_HEADER}; scripts can use X-API-Key instead`)
}

/** Sets the session cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) and a readable CSRF token. */
export function setLoginCookies(ctx: Context, token: string, expiresAt: Date): void {
  const common = { path: '/', sameSite: 'lax' as const, secure: ctx.secure, expires: expiresAt, overwrite: true }
  ctx.cookies.set(SESSION_COOKIE, token, { ...common, httpOnly: true })
  ctx.cookies.set(CSRF_COOKIE, randomBytes(24).toString('base64url'), { ...common, httpOnly: false })
}

export function clearLoginCookies(ctx: Context): void {
  for (const name of [SESSION_COOKIE, CSRF_COOKIE]) ctx.cookies.set(name, '', { path: '/', expires: new Date(0), overwrite: true })
}

export function callerOf(ctx: Context): Caller {
  const caller = ctx.state.caller as Caller | undefined
  if (!caller) throw new HttpError(401, 'authentication required: send X-API-Key or log in')
  return caller
}
