import type { Context, Next } from 'koa'
import type { Logger } from 'pino'
import { HttpError, STATUS_BY_CODE } from './http-error.ts'

/**
 * Every failure becomes `{ "error": "…" }` with a fitting status. Unknown errors answer 500 with a
 * reference to the log line, never a stack trace.
 */
export function errorHandler(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next()
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404
        ctx.body = { error: `not found: ${ctx.method} ${ctx.path}` }
      } else if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) {
        // The router answers 501 to methods it does not know (TRACE …): to a client that is a 405 too.
        ctx.status = 405
        ctx.body = { error: `method ${ctx.method} is not allowed on ${ctx.path}` }
      }
    } catch (error) {
      const { status, message, headers } = describe(error)
      if (status >= 500 && status !== 503) {
        logger.error({ err: error, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, 'request failed')
      }
      ctx.status = status
      ctx.set(headers)
      ctx.body = {
        error: status === 500 ? `internal error (request ${String(ctx.state.requestId)}); see the gateway log` : message,
      }
    }
  }
}

function describe(error: unknown): { status: number; message: string; headers: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.status, message: error.message, headers: { ...error.headers } }
  const e = error as { code?: unknown; status?: unknown; type?: unknown; message?: unknown; expose?: unknown; retryAfterSeconds?: unknown }
  if (typeof e.code === 'string' && STATUS_BY_CODE[e.code]) {
    const headers: Record<string, string> = typeof e.retryAfterSeconds === 'number' ? { 'Retry-After': String(e.retryAfterSeconds) } : {}
    return { status: STATUS_BY_CODE[e.code]!, message: String(e.message), headers }
  }
  // Body parser errors: bad JSON (a SyntaxError with a status), too large, wrong charset (http-errors).
  if (error instanceof SyntaxError && e.status === 400) return { status: 400, message: 'request body is not valid JSON', headers: {} }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    const message = e.type === 'entity.too.large' ? 'request body is too large' : String(e.message)
    return { status: e.status, message, headers: {} }
  }
  return { status: 500, message: 'internal error', headers: {} }
}
