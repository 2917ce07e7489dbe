import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { isLibsignalConsoleMessage, routeLibsignalConsole } from './libsignal-console.ts'

function memoryLogger() {
  const lines: any[] = []
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }))
  return { logger, lines }
}

describe('libsignal console lines', () => {
  const saved = { ...console }
  afterEach(() => {
    // Other tests in this worker see the console as they found it.
    Object.assign(console, saved)
  })

  it('recognises libsignal session dumps and leaves other lines alone', () => {
    expect(isLibsignalConsoleMessage('Closing session:')).toBe(true)
    expect(isLibsignalConsoleMessage('Opening session: SessionEntry {')).toBe(true)
    expect(isLibsignalConsoleMessage('Session error:Error: Bad MAC')).toBe(true)
    expect(isLibsignalConsoleMessage('gateway listening')).toBe(false)
    expect(isLibsignalConsoleMessage({ msg: 'Closing session' })).toBe(false)
  })

  it('routes them to the logger at debug without the session object, and passes every other call through', () => {
    const seen: unknown[][] = []
    console.info = (...args: unknown[]) => void seen.push(args)
    console.log = (...args: unknown[]) => void seen.push(args)
    const { logger, lines } = memoryLogger()
    routeLibsignalConsole(logger)
    const session = { currentRatchet: { rootKey: Buffer.from('secret-root-key'), ephemeralKeyPair: { privKey: Buffer.from('private-key') } } }
    console.info('Closing session:', session)
    console.log('an ordinary line', 42)
    expect(seen).toEqual([['an ordinary line', 42]])
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 20, component: 'libsignal', console: 'info', msg: 'Closing session' })
    expect(JSON.stringify(lines)).not.toMatch(/secret-root-key|private-key|privKey/)
  })
})
