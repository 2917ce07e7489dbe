import { afterAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../logger.ts'
import { WorkerRegexEngine } from './worker-regex-engine.ts'

describe('REGEX engine in a worker', () => {
  const engine = new WorkerRegexEngine({ timeoutMs: 10_000, logger: silentLogger })
  afterAll(() => engine.close())

  it('checks patterns and finds the first that matches, in order', async () => {
    expect(await engine.check('(a)\\1')).toMatch(/backreferences/)
    expect(await engine.check('^order #\\d+$')).toBeNull()
    expect(await engine.firstMatch(['^bye', 'ORDER #\\d+', 'order'], 'my order #42 please')).toEqual({ index: 1, timedOut: false })
    expect(await engine.firstMatch(['^bye'], 'hello')).toEqual({ index: null, timedOut: false })
  })

  it('matches the classic catastrophic patterns against long hostile input in linear time', async () => {
    const hostile = 'a'.repeat(50_000) + '!'
    expect(await engine.firstMatch(['(a+)+$', '^(a|aa)*$', '(a*)*b', '^(([a-z])+.)+[A-Z]([a-z])+$'], hostile)).toEqual({ index: null, timedOut: false })
    expect(await engine.firstMatch(['(a+)+!$'], hostile)).toEqual({ index: 0, timedOut: false })
  })

  it('skips patterns it cannot compile instead of failing the message', async () => {
    expect(await engine.firstMatch(['(?=x)', 'x'], 'x')).toEqual({ index: 1, timedOut: false })
  })
})

describe('REGEX engine time bound', () => {
  it('gives up on a request that runs past the bound, then serves the next one with a fresh worker', async () => {
    // A bound far below the work asked: five patterns whose DFA cannot settle on this text, each ~0.3 s here.
    const engine = new WorkerRegexEngine({ timeoutMs: 100, logger: silentLogger })
    try {
      await engine.firstMatch(['x'], 'x') // started and warm
      let seed = 12345
      const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16
      const text = Array.from({ length: 65_536 }, () => (random() & 1 ? 'a' : 'b')).join('')
      const heavy = [200, 199, 198, 197, 196].map((n) => `(a|b)*a(a|b){${n}}c`)
      expect(await engine.firstMatch(heavy, text)).toEqual({ index: null, timedOut: true })
      expect(await engine.firstMatch(['y'], 'y')).toMatchObject({ index: 0 })
    } finally {
      await engine.close()
    }
  })
})
