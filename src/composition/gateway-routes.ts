import type { AppDeps } from '../app/app-deps.ts'
import type { AppContext } from '../app/app-context.ts'
import type { GatewayConfig } from '../config.ts'
import type { Bus } from '../domain/ports/bus.ts'
import type { EventStore } from '../domain/ports/event-store.ts'
import { docsRoutes } from '../http/openapi/docs-routes.ts'
import type { Route } from '../http/route.ts'
import { auditRoutes } from '../http/routes/audit-routes.ts'
import { autoReplyRoutes } from '../http/routes/autoreply-routes.ts'
import { broadcastRoutes } from '../http/routes/broadcast-routes.ts'
import { chatRoutes } from '../http/routes/chat-routes.ts'
import { messageActionRoutes } from '../http/routes/message-action-routes.ts'
import { contactRoutes } from '../http/routes/contact-routes.ts'
import { profileRoutes } from '../http/routes/profile-routes.ts'
import { groupRoutes } from '../http/routes/group-routes.ts'
import { groupAdminRoutes } from '../http/routes/group-admin-routes.ts'
import { chatModifyRoutes } from '../http/routes/chat-modify-routes.ts'
import { healthRoutes } from '../http/routes/health-routes.ts'
import { identityRoutes } from '../http/routes/identity-routes.ts'
import { mediaRoutes } from '../http/routes/media-routes.ts'
import { messageRoutes } from '../http/routes/message-routes.ts'
import { metricsRoutes } from '../http/routes/metrics-routes.ts'
import { parkedEventRoutes } from '../http/routes/parked-event-routes.ts'
import { sandboxRoutes } from '../http/routes/sandbox-routes.ts'
import { schedulerRoutes } from '../http/routes/scheduler-routes.ts'
import { serverInfoRoutes } from '../http/routes/server-info-routes.ts'
import { sessionRoutes } from '../http/routes/session-routes.ts'
import { testRoutes } from '../http/routes/test-routes.ts'
import { uploadRoutes } from '../http/routes/upload-routes.ts'
import { webhookRoutes } from '../http/routes/webhook-routes.ts'

export interface RouteDeps {
  readonly config: GatewayConfig
  readonly app: AppContext
  readonly deps: AppDeps
  readonly store: EventStore
  readonly bus: Bus
  readonly renderMetrics: Parameters<typeof metricsRoutes>[0]['render']
}

/** Every HTTP route the gateway mounts, in one list (the API document and the fuzz suite read it too). */
export function gatewayRoutes({ config, app, deps, store, bus, renderMetrics }: RouteDeps): readonly Route<any, any, any>[] {
  const routes: readonly Route<any, any, any>[] = [
    ...healthRoutes([
      { name: 'store', check: async () => void (await store.headPosition()) },
      { name: 'bus', check: () => bus.ping() },
    ]),
    ...identityRoutes(app),
    ...sessionRoutes(app),
    ...chatRoutes(app),
    ...messageActionRoutes(app),
    ...contactRoutes(app),
    ...profileRoutes(app),
    ...groupRoutes(app),
    ...groupAdminRoutes(app),
    ...chatModifyRoutes(app),
    ...broadcastRoutes(app),
    ...autoReplyRoutes(app),
    ...messageRoutes(app),
    ...mediaRoutes(app),
    ...schedulerRoutes(app),
    ...auditRoutes(app),
    ...webhookRoutes(app),
    ...parkedEventRoutes(app),
    ...metricsRoutes({ render: renderMetrics, token: config.metricsToken }),
    ...docsRoutes(() => routes),
    ...(config.testEndpoints ? testRoutes(app, deps) : []),
    ...serverInfoRoutes(config),
    ...uploadRoutes(app),
    ...(config.sandboxAdminUrl ? sandboxRoutes(app, config.sandboxAdminUrl) : []),
  ]
  return routes
}
