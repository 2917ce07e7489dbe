import { pino, type Logger } from 'pino'

export type { Logger }

/** Structured JSON logs (pino); `LOG_LEVEL` sets the level. Secrets are redacted by path. */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'wa-gateway',
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: {
      paths: [
        'password',
        '*.password',
        'apiKey',
        '*.apiKey',
        'secret',
        '*.secret',
        'req.headers["x-api-key"]',
        'req.headers.cookie',
        'headers["x-api-key"]',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  })
}

/** A logger that writes nothing: for tests. */
export const silentLogger: Logger = pino({ level: 'silent' })
