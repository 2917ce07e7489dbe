import type { GatewayConfig } from '../../config.ts'
import { route } from '../route.ts'

/** What the dashboard shows about the server: the scheduler's time zone, the clock, sandbox mode. */
export function serverInfoRoutes(config: GatewayConfig) {
  return [
    route({
      method: 'get',
      path: '/api/server-info',
      access: 'authenticated',
      summary: "The scheduler's time zone, the server's clock, and whether the gateway runs against the sandbox",
      handle: () => ({
        timeZone: config.scheduler.timeZone,
        now: new Date().toISOString(),
        sandbox: config.sandboxAdminUrl !== undefined,
        repeatedSendsEnabled: config.repeatedSends.enabled,
      }),
    }),
  ]
}
