import { describe, expect, it } from 'vitest'
import type { RegexEngine, RegexVerdict } from '../ports/regex-engine.ts'
import { findMatchingRule, matchesLiterally, normalizeForMatch, type MatchableRule } from './matching.ts'

/** A stand-in engine with JavaScript's RegExp, recording what it was asked. */
function fakeEngine(verdict?: RegexVerdict) {
  const calls: Array<{ patterns: readonly string[]; text: string }> = []
  const engine: RegexEngine = {
    check: async () => null,
    async firstMatch(patterns, text) {
      calls.push({ patterns, text })
      if (verdict) return verdict
      const index = patterns.findIndex((p) => new RegExp(p, 'i').test(text))
      return { index: index === -1 ? null : index, timedOut: false }
    },
    close: async () => {},
  }
  return { engine, calls }
}

const rule = (id: string, matchType: MatchableRule['matchType'], keyword: string): MatchableRule => ({ id, matchType, keyword })

describe('literal matching', () => {
  it('EXACT compares the whole trimmed text, ignoring case and Unicode form', () => {
    const help = rule('1', 'EXACT', ' !Help ')
    expect(matchesLiterally(help, normalizeForMatch('  !HELP\n'))).toBe(true)
    expect(matchesLiterally(help, normalizeForMatch('!help me'))).toBe(false)
    const cafe = rule('2', 'EXACT', 'caf\u00e9')
    expect(matchesLiterally(cafe, normalizeForMatch('CAFE\u0301'))).toBe(true)
  })

  it('CONTAINS finds the keyword anywhere, ignoring case', () => {
    const price = rule('1', 'CONTAINS', 'Price')
    expect(matchesLiterally(price, normalizeForMatch('what is the PRICE of this?'))).toBe(true)
    expect(matchesLiterally(price, normalizeForMatch('pricing'))).toBe(false)
  })
})

describe('the first matching rule', () => {
  it('wins in the order given, whatever its match type', async () => {
    const rules = [rule('a', 'EXACT', 'hi'), rule('b', 'REGEX', '^h.llo'), rule('c', 'CONTAINS', 'hello')]
    const { engine } = fakeEngine()
    expect((await findMatchingRule(rules, 'Hello there', engine)).rule?.id).toBe('b')
    expect((await findMatchingRule(rules, 'HI', engine)).rule?.id).toBe('a')
    expect((await findMatchingRule(rules, 'oh hello', engine)).rule?.id).toBe('c')
    expect((await findMatchingRule(rules, 'bye', engine)).rule).toBeNull()
  })

  it('asks the engine once, only for the REGEX rules before the first literal match', async () => {
    const rules = [rule('r1', 'REGEX', 'x+'), rule('l1', 'CONTAINS', 'order'), rule('r2', 'REGEX', 'order')]
    const { engine, calls } = fakeEngine()
    expect((await findMatchingRule(rules, '  my order  ', engine)).rule?.id).toBe('l1')
    expect(calls).toEqual([{ patterns: ['x+'], text: 'my order' }])
    const literalFirst = [rule('l1', 'EXACT', 'ok'), rule('r1', 'REGEX', 'ok')]
    const quiet = fakeEngine()
    await findMatchingRule(literalFirst, 'ok', quiet.engine)
    expect(quiet.calls).toEqual([])
  })

  it('counts REGEX rules cut short by the time bound as not matching, and says so', async () => {
    const rules = [rule('r1', 'REGEX', '(a+)+$'), rule('l1', 'CONTAINS', 'a')]
    const { engine } = fakeEngine({ index: null, timedOut: true })
    expect(await findMatchingRule(rules, 'aaaa!', engine)).toEqual({ rule: rules[1], timedOut: true })
  })
})
