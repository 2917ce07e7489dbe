import { ConfigError, loadConfig } from './config.ts'
import { startGateway } from './gateway.ts'
import { createLogger } from './infra/logger.ts'
import { createWhatsAppDriver } from './infra/whatsapp/create-whatsapp-driver.ts'

/** `npm start`: the gateway on the configured (by default embedded) adapters, until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(2)
    }
    throw error
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat })
  const gateway = await startGateway({ config, logger, driver: createWhatsAppDriver })

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, config.shutdownTimeoutMs + 5000)
    force.unref()
    await gateway.close()
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((error: unknown) => {
  createLogger().fatal({ err: error }, 'the gateway could not start')
  process.exit(1)
})
