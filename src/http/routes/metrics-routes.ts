import { createHash, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { HttpError } from '../http-error.ts'
import { isLoopbackPeer } from '../loopback-peer.ts'
import { route, type Route } from '../route.ts'

export interface MetricsEndpoint {
  /** The Prometheus text exposition of this node's metrics. */
  render(): Promise<{ contentType: string; body: string }>
  /**
   * METRICS_TOKEN: set, a bearer token is required; unset, only callers on this machine are answered
   * (the series name every session of every tenant, and HOST is 0.0.0.0 by default).
   */
  readonly token: string | undefined
}

/** GET /metrics: what Prometheus scrapes. */
export function metricsRoutes(endpoint: MetricsEndpoint): Route<any, any, any>[] {
  const expected = endpoint.token === undefined ? undefined : digest(endpoint.token)
  return [
    route({
      method: 'get',
      path: '/metrics',
      access: 'public',
      bearer: expected !== undefined,
      summary: 'Prometheus metrics of this node (text exposition format)',
      tags: ['Operations'],
      produces: 'text/plain',
      response: z.string(),
      handle: async ({ ctx }) => {
        if (expected !== undefined) {
          const [scheme, token] = (ctx.get('authorization') || '').split(' ')
          if (scheme?.toLowerCase() !== 'bearer' || !token || !timingSafeEqual(digest(token), expected)) {
            throw new HttpError(401, 'metrics need Authorization: Bearer <METRICS_TOKEN>', { 'WWW-Authenticate': 'Bearer realm="metrics"' })
          }
        } else if (!isLoopbackPeer(ctx.req.socket.remoteAddress)) {
          // The socket's peer, not ctx.ip: X-Forwarded-For must not turn a remote caller into a local one.
          throw new HttpError(401, 'metrics are answered only to this machine (127.0.0.1, ::1) while METRICS_TOKEN is unset: set METRICS_TOKEN (16+ characters) and scrape with Authorization: Bearer <METRICS_TOKEN>', {
            'WWW-Authenticate': 'Bearer realm="metrics"',
          })
        }
        const { contentType, body } = await endpoint.render()
        ctx.type = contentType
        ctx.set('Cache-Control', 'no-store')
        ctx.body = body
      },
    }),
  ]
}

/** Compared as digests: equal length, constant time, whatever the token's length. */
const digest = (token: string) => createHash('sha256').update(token).digest()
