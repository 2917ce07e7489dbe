import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { GatewayConfig } from '../../config.ts'
import type { WhatsAppDriver } from '../../domain/ports/whatsapp-driver.ts'
import { AesSecretBox } from '../crypto/aes-secret-box.ts'
import type { WaAuthTables } from './auth/tables.ts'
import { BaileysDriver } from './baileys-driver.ts'
import { FileMediaStore } from '../media/file-media-store.ts'
import { routeLibsignalConsole } from './libsignal-console.ts'

/** The Baileys driver, aimed at WhatsApp or at WA_WS_URL (the sandbox, or another emulator). */
export function createWhatsAppDriver(context: { config: GatewayConfig; db: Kysely<WaAuthTables>; secretKey: Buffer; logger: Logger }): WhatsAppDriver {
  // libsignal prints session records (keys included) to the console on its own: to the log at debug instead.
  routeLibsignalConsole(context.logger)
  return new BaileysDriver({
    db: context.db,
    box: new AesSecretBox(context.secretKey, 'wa-auth'),
    logger: context.logger,
    webSocketUrl: context.config.waWebSocketUrl,
    keepAliveIntervalMs: context.config.waKeepAliveMs,
    baileysLogLevel: process.env.BAILEYS_LOG_LEVEL,
    media: new FileMediaStore(context.config.dataDir),
    presenceUpdates: context.config.presenceUpdates,
  })
}
