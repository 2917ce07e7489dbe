/**
 * Runs the sandbox as a process:
 *   SANDBOX_PORT        WebSocket endpoint + admin API under /admin (default 7070)
 *   SANDBOX_ADMIN_PORT  optional extra port for the admin API
 *   SANDBOX_HOST        interface (default 127.0.0.1)
 *   SANDBOX_DATA_DIR    state directory (default ./data/sandbox)
 *   SANDBOX_MEDIA_HOST  host:port announced for media (default: the listening host and port)
 *   SANDBOX_AUTO_CREATE_CONTACTS  "true": unknown phone numbers become contacts on first use
 *   LOG_LEVEL           pino level (default info)
 */
import pino from 'pino'
import { routeLibsignalConsole } from '../infra/whatsapp/libsignal-console.ts'
import { startSandbox } from './sandbox.ts'

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'wa-sandbox' } })
// The virtual devices' libsignal prints their session records to the console: to the log at debug.
routeLibsignalConsole(logger)
const port = Number(process.env.SANDBOX_PORT ?? 7070)
const adminPort = process.env.SANDBOX_ADMIN_PORT ? Number(process.env.SANDBOX_ADMIN_PORT) : undefined

const sandbox = await startSandbox({
  port,
  host: process.env.SANDBOX_HOST ?? '127.0.0.1',
  ...(adminPort !== undefined ? { adminPort } : {}),
  dataDir: process.env.SANDBOX_DATA_DIR ?? 'data/sandbox',
  autoCreateContacts: process.env.SANDBOX_AUTO_CREATE_CONTACTS === 'true',
  ...(process.env.SANDBOX_MEDIA_HOST ? { mediaHost: process.env.SANDBOX_MEDIA_HOST } : {}),
  logger,
})
logger.info({ wsUrl: sandbox.wsUrl, adminUrl: sandbox.adminUrl }, 'sandbox ready')

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down')
    sandbox.close().then(
      () => process.exit(0),
      err => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}
