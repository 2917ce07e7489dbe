import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { MediaStore } from '../../domain/ports/media-store.ts'
import type { WhatsAppDriver } from '../../domain/ports/whatsapp-driver.ts'
import { AesSecretBox } from '../crypto/aes-secret-box.ts'
import { SESSION_PROXY_SEAL } from '../../domain/session/session-proxy.ts'
import type { WaAuthTables } from './auth/tables.ts'
import { BaileysDriver } from './baileys-driver.ts'
import { routeLibsignalConsole } from './libsignal-console.ts'

/** What the composition root hands a WhatsApp driver: its tables, key, log, media store and settings (read from the environment by src/config.ts). */
export interface WhatsAppDriverContext {
  readonly db: Kysely<WaAuthTables>
  readonly secretKey: Buffer
  readonly logger: Logger
  /** Where received media is kept once downloaded. */
  readonly media: MediaStore
  /** WA_WS_URL: the sandbox or another emulator; unset, WhatsApp itself. */
  readonly webSocketUrl: string | undefined
  readonly keepAliveIntervalMs: number | undefined
  readonly baileysLogLevel: string
  readonly presenceUpdates: boolean
}

/** The Baileys driver, aimed at WhatsApp or at WA_WS_URL (the sandbox, or another emulator). */
export function createWhatsAppDriver(context: WhatsAppDriverContext): WhatsAppDriver {
  // libsignal prints session records (keys included) to the console on its own: to the log at debug instead.
  routeLibsignalConsole(context.logger)
  return new BaileysDriver({
    db: context.db,
    box: new AesSecretBox(context.secretKey, 'wa-auth'),
    logger: context.logger,
    webSocketUrl: context.webSocketUrl,
    keepAliveIntervalMs: context.keepAliveIntervalMs,
    baileysLogLevel: context.baileysLogLevel,
    media: context.media,
    presenceUpdates: context.presenceUpdates,
    proxyBox: new AesSecretBox(context.secretKey, SESSION_PROXY_SEAL),
  })
}
