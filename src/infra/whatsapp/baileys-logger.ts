import { DisconnectReason, getErrorCodeFromStreamError, type BinaryNode } from '@whiskeysockets/baileys'
import type { Logger } from 'pino'

/** Baileys' logger interface (`ILogger`), as makeWASocket takes it. */
export interface BaileysLogger {
  level: string
  child(bindings: Record<string, unknown>): BaileysLogger
  trace(obj: unknown, msg?: string): void
  debug(obj: unknown, msg?: string): void
  info(obj: unknown, msg?: string): void
  warn(obj: unknown, msg?: string): void
  error(obj: unknown, msg?: string): void
}

/** Baileys' message for every `<stream:error>`, whatever its code. */
const STREAM_ERRORED = 'stream errored out'

/**
 * Baileys' logger, less one false alarm: WhatsApp ends the stream with `stream:error` 515 (restart
 * required) right after every pairing, and Baileys logs that at error level although reconnecting is
 * the normal next step (the session does it). That one is logged at info; every other error stays one.
 */
export function baileysLogger(logger: Logger): BaileysLogger {
  return {
    get level() {
      return logger.level
    },
    set level(level: string) {
      logger.level = level
    },
    child: (bindings) => baileysLogger(logger.child(bindings)),
    trace: (obj, msg) => logger.trace(obj, msg),
    debug: (obj, msg) => logger.debug(obj, msg),
    info: (obj, msg) => logger.info(obj, msg),
    warn: (obj, msg) => logger.warn(obj, msg),
    error: (obj, msg) => {
      if (msg === STREAM_ERRORED && isRestartRequired(obj)) {
        logger.info({ statusCode: DisconnectReason.restartRequired }, 'WhatsApp asked for the usual restart after pairing (stream:error 515); reconnecting')
      } else {
        logger.error(obj, msg)
      }
    },
  }
}

function isRestartRequired(obj: unknown): boolean {
  const node = (obj as { fullErrorNode?: BinaryNode } | null)?.fullErrorNode
  if (!node || typeof node !== 'object' || !node.attrs) return false
  return getErrorCodeFromStreamError(node).statusCode === DisconnectReason.restartRequired
}
