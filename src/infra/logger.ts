import { createRequire } from 'node:module'
import type { Writable } from 'node:stream'
import { pino, type Logger } from 'pino'

export type { Logger }

/** `auto`: readable lines when stdout is a terminal and pino-pretty is installed (a dev dependency), JSON otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty'

const prettyStreams = new WeakSet<object>()

/** Structured logs (pino); `LOG_LEVEL` sets the level, `LOG_FORMAT` the format. Secrets are redacted by path. */
export function createLogger(options: { level?: string; name?: string; format?: LogFormat } = {}): Logger {
  const format = options.format ?? logFormatOf(process.env.LOG_FORMAT)
  const pretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true) ? prettyStream() : undefined
  const settings = {
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
  }
  return pretty ? pino(settings, pretty) : pino(settings)
}

/** Whether a logger (or a child of one) writes pino-pretty's lines to a terminal rather than JSON. */
export function writesPretty(logger: Logger): boolean {
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym]
  return typeof stream === 'object' && stream !== null && prettyStreams.has(stream)
}

function logFormatOf(value: string | undefined): LogFormat {
  return value === 'json' || value === 'pretty' ? value : 'auto'
}

/** pino-pretty writing synchronously to stdout (so nothing is lost on exit), or undefined where it is not installed. */
function prettyStream(): Writable | undefined {
  let build: (options: Record<string, unknown>) => Writable
  try {
    build = createRequire(import.meta.url)('pino-pretty') as typeof build
  } catch {
    return undefined
  }
  const stream = build({ colorize: true, sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name,nodeId' })
  prettyStreams.add(stream)
  return stream
}

/** A logger that writes nothing: for tests. */
export const silentLogger: Logger = pino({ level: 'silent' })
