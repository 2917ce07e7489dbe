import { Writable } from 'node:stream'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { baileysLogger } from './baileys-logger.ts'

function memoryLogger() {
  const lines: any[] = []
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }))
  return { logger, lines }
}

/** What Baileys logs on `<stream:error code="…">` (Socket/socket.js, 'CB:stream:error'). */
function streamError(code: string) {
  const fullErrorNode = { tag: 'stream:error', attrs: { code }, content: [] }
  return { reasonNode: undefined, fullErrorNode }
}

describe('baileysLogger', () => {
  it('logs the post-pairing stream:error 515 (restart required) at info, not error', () => {
    const { logger, lines } = memoryLogger()
    baileysLogger(logger).error(streamError('515'), 'stream errored out')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 30, statusCode: 515 })
    expect(lines[0].msg).toMatch(/stream:error 515/)
  })

  it('keeps every other stream error, and every other error, at error level, in children too', () => {
    const { logger, lines } = memoryLogger()
    const baileys = baileysLogger(logger).child({ class: 'socket' })
    baileys.error(streamError('401'), 'stream errored out')
    baileys.error({ err: new Error('boom') }, 'unexpected error in handler')
    baileys.error(undefined, 'stream errored out')
    expect(lines.map((l) => [l.level, l.msg, l.class])).toEqual([
      [50, 'stream errored out', 'socket'],
      [50, 'unexpected error in handler', 'socket'],
      [50, 'stream errored out', 'socket'],
    ])
  })

  it('passes the other levels through and follows the level of the logger it wraps', () => {
    const { logger, lines } = memoryLogger()
    const baileys = baileysLogger(logger)
    expect(baileys.level).toBe('info')
    baileys.debug({}, 'hidden')
    baileys.warn({ a: 1 }, 'shown')
    baileys.level = 'debug'
    expect(logger.level).toBe('debug')
    baileys.debug({}, 'now shown')
    expect(lines.map((l) => [l.level, l.msg])).toEqual([[40, 'shown'], [20, 'now shown']])
  })
})
