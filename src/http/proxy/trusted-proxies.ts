import type { Context, Next } from 'koa'
import { parseAddress, rangesMatcher } from '../../infra/net/ip-ranges.ts'

/** Whether an address belongs to one of the operator's proxies (TRUSTED_PROXIES). */
export type ProxyMatcher = (address: string) => boolean

/** TRUSTED_PROXIES' entries (CIDRs or single addresses) as a matcher; none trusts nobody. */
export const trustedProxyMatcher = (entries: readonly string[]): ProxyMatcher => rangesMatcher(entries)

const firstValue = (header: string) => header.split(',')[0]!.trim()

/**
 * Koa runs without `proxy`: X-Forwarded-For, -Proto and -Host count only on requests whose peer is a
 * trusted proxy. The client address is then the last one in X-Forwarded-For that is no proxy of ours
 * (the part a client prepends itself is not believed); protocol and host are the proxy's word.
 */
export function forwardedHeaders(isTrusted: ProxyMatcher) {
  return async (ctx: Context, next: Next) => {
    const peer = ctx.req.socket.remoteAddress ?? ''
    if (isTrusted(peer)) {
      ctx.state.viaTrustedProxy = true
      const hops = (ctx.get('x-forwarded-for') || '').split(',').map((h) => h.trim()).filter((h) => h !== '')
      let client = peer
      for (let i = hops.length - 1; i >= 0; i--) {
        client = hops[i]!
        if (!isTrusted(client)) break
      }
      ctx.request.ip = parseAddress(client)?.toString() ?? peer
      const proto = ctx.get('x-forwarded-proto')
      if (proto && /^https?$/i.test(firstValue(proto))) Object.defineProperty(ctx.request, 'protocol', { value: firstValue(proto).toLowerCase() })
      const host = ctx.get('x-forwarded-host')
      if (host) Object.defineProperty(ctx.request, 'host', { value: firstValue(host) })
    }
    await next()
  }
}
