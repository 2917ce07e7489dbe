import { createHash, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { HttpError } from '../http-error.ts'
import { route, type Route } from '../route.ts'

export interface MetricsEndpoint {
  /** The Prometheus text exposition of this node's metrics. */
  render(): Promise<{ contentType: string; body: string }>
  /** METRICS_TOKEN: unset, the endpoint is open (Prometheus' convention); set, a bearer token is required. */
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
