import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Router from '@koa/router'
import Koa, { type Context, type Next } from 'koa'
import type { Logger } from 'pino'
import type { Metrics } from '../domain/ports/metrics.ts'
import { answerClientError } from './client-error.ts'
import { errorHandler } from './error-handler.ts'
import { requestLogLevel } from './request-log-level.ts'
import { HttpError } from './http-error.ts'
import type { Route, UploadedFile } from './route.ts'
import { readMultipart } from './multipart.ts'
import { drainUnreadBody, readJsonBody } from './json-body.ts'
import { forwardedHeaders, trustedProxyMatcher } from './proxy/trusted-proxies.ts'
import { assertStorableStrings, parseOr400 } from './validation.ts'

export interface HttpServerOptions {
  readonly logger: Logger
  readonly routes: readonly Route<any, any, any>[]
  /** Resolves the caller of a request (API key or session cookie), or null. */
  readonly authenticate: (ctx: Context) => Promise<unknown | null>
  /** Extra Koa middleware that runs before the routes (e.g. CSRF checks). */
  readonly middleware?: ReadonlyArray<(ctx: Context, next: Next) => Promise<void>>
  /** Told of every answered request, by route pattern (GET /metrics). */
  readonly metrics?: Pick<Metrics, 'httpRequestFinished'>
  /** The largest JSON body taken, in bytes (1 MiB unless given). */
  readonly maxBodyBytes?: number
  /** CIDRs of the reverse proxies whose X-Forwarded-* headers are believed (TRUSTED_PROXIES); none by default. */
  readonly trustedProxies?: readonly string[]
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/**
 * Koa behind a node:http server that shuts down gracefully: on close it stops accepting connections,
 * answers 503 to requests that still arrive on open ones, and waits for the requests in flight.
 */
export class HttpServer {
  readonly app: Koa
  readonly server: Server
  readonly #logger: Logger
  #inFlight = 0
  #draining = false
  #drained: (() => void) | undefined

  constructor(options: HttpServerOptions) {
    this.#logger = options.logger
    // Not Koa's `proxy: true`, which believes X-Forwarded-* from anyone: only from TRUSTED_PROXIES.
    const app = new Koa()
    app.silent = true
    app.use(forwardedHeaders(trustedProxyMatcher(options.trustedProxies ?? [])))
    app.use(drainUnreadBody)
    app.use(async (ctx, next) => {
      ctx.state.requestId = ctx.get('x-request-id') || randomUUID()
      ctx.set('X-Request-Id', String(ctx.state.requestId))
      const started = performance.now()
      try {
        await next()
      } finally {
        const level = requestLogLevel(ctx.path, ctx.status)
        this.#logger[level](
          { requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) },
          'request',
        )
        options.metrics?.httpRequestFinished({ method: ctx.method, route: matchedRoute(ctx), status: ctx.status, seconds: (performance.now() - started) / 1000 })
      }
    })
    app.use(errorHandler(options.logger))
    app.use(async (_ctx, next) => {
      if (this.#draining) throw new HttpError(503, 'the gateway is shutting down; retry on another node or in a moment', { Connection: 'close' })
      await next()
    })
    for (const middleware of options.middleware ?? []) app.use(middleware)
    const router = new Router()
    for (const route of options.routes) this.#mount(router, route, options)
    app.use(router.routes())
    app.use(router.allowedMethods())
    this.app = app
    const handle = app.callback()
    // A request is in flight until its response has gone out (or its connection died), not merely until Koa returns.
    this.server = createServer((req, res) => {
      this.#inFlight++
      res.once('close', () => {
        this.#inFlight--
        if (this.#draining && this.#inFlight === 0) this.#drained?.()
      })
      void handle(req, res)
    })
    this.server.on('clientError', answerClientError)
  }

  #mount(router: Router, route: Route<any, any, any>, options: HttpServerOptions): void {
    const handler = async (ctx: Context) => {
      if (route.access === 'authenticated') {
        const caller = await options.authenticate(ctx)
        if (!caller) throw new HttpError(401, 'authentication required: send X-API-Key or log in')
        ctx.state.caller = caller
      }
      // A route without a schema for a part still gets the rule every string obeys.
      const readParts = () => ({
        params: route.params ? parseOr400(route.params, ctx.params, 'params') : (assertStorableStrings(ctx.params, 'params'), ctx.params),
        query: route.query ? parseOr400(route.query, ctx.query, 'query') : (assertStorableStrings(ctx.query, 'query'), ctx.query),
      })
      let file: UploadedFile | undefined
      let raw: unknown = {}
      let parts: ReturnType<typeof readParts> | undefined
      if (route.multipart) {
        // An upload's path is checked before its (large) body is read.
        parts = readParts()
        const upload = await readMultipart(ctx, route.multipart)
        raw = upload.fields
        file = upload.file
      } else if (route.body) {
        raw = await readJsonBody(ctx, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
      }
      const { params, query } = parts ?? readParts()
      const body = route.body ? parseOr400(route.body, raw, 'body') : undefined
      const result = await route.handle({ params, query, body, ctx, file })
      if (ctx.body === undefined && result !== undefined) ctx.body = result
      if (ctx.body === undefined) ctx.status = 204
    }
    router[route.method](route.path, handler)
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    return (this.server.address() as AddressInfo).port
  }

  /** Stops taking requests and waits (bounded) for those in flight. */
  async close(timeoutMs = 15_000): Promise<void> {
    this.#draining = true
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    this.server.closeIdleConnections()
    if (this.#inFlight > 0) {
      await new Promise<void>((resolve) => {
        this.#drained = resolve
        setTimeout(resolve, timeoutMs).unref()
      })
    }
    this.server.closeAllConnections()
    await closed
  }
}

/** The mounted pattern that answered (`/api/sessions/:id`), not the raw path: a bounded metrics label. */
function matchedRoute(ctx: Context): string {
  const matched = (ctx as { _matchedRoute?: unknown })._matchedRoute
  return typeof matched === 'string' ? matched : 'unmatched'
}
