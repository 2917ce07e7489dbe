import { HttpError } from '../http-error.ts'
import { route, type Route } from '../route.ts'

export interface ReadinessCheck {
  readonly name: string
  check(): Promise<void>
}

const CHECK_TIMEOUT_MS = 3000

/** GET /healthz: the process answers. GET /readyz: the event store and the bus answer too. */
export function healthRoutes(checks: readonly ReadinessCheck[]): Route<any, any, any>[] {
  return [
    route({ method: 'get', path: '/healthz', access: 'public', summary: 'Liveness: the process answers', tags: ['Operations'], handle: () => ({ status: 'ok' }) }),
    route({
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the event store and the bus answer too (503 when not)',
      tags: ['Operations'],
      access: 'public',
      handle: async () => {
        const results = await Promise.all(
          checks.map(async ({ name, check }) => {
            try {
              await withTimeout(check(), CHECK_TIMEOUT_MS)
              return [name, 'ok'] as const
            } catch (error) {
              return [name, `unreachable: ${(error as Error).message}`] as const
            }
          }),
        )
        const failed = results.filter(([, result]) => result !== 'ok')
        if (failed.length > 0) throw new HttpError(503, `not ready: ${failed.map(([n, r]) => `${n} ${r}`).join('; ')}`)
        return { status: 'ready', checks: Object.fromEntries(results) }
      },
    }),
  ]
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    )
  })
}
