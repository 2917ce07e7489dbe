import { describe, expect, it } from 'vitest'
import { compileRulePattern, MAX_PROGRAM_SIZE, patternProblem } from './rule-pattern.ts'

describe('REGEX rule patterns', () => {
  it('accepts RE2 syntax, matching anywhere in the text and ignoring case', () => {
    for (const pattern of ['^!help$', '\\border\\s*#?\\d+', '(?P<n>x)|(?<m>y)', '[[:alpha:]]+', '\\x{e9}t\\x{e9}', '(a+)+$', '(hi|hello|hey)\\b']) {
      expect([pattern, patternProblem(pattern)]).toEqual([pattern, null])
    }
    expect(compileRulePattern('hello').test('Oh, HELLO there')).toBe(true)
    expect(compileRulePattern('^hello$').test('hello there')).toBe(false)
    expect(compileRulePattern('(?-i)Hello').test('hello')).toBe(false)
  })

  it('refuses what RE2 cannot match in linear time, saying why', () => {
    expect(patternProblem('(a)\\1')).toMatch(/backreferences .* not supported: REGEX rules use RE2 syntax/)
    expect(patternProblem('(?<n>a)\\k<n>')).toMatch(/backreferences/)
    expect(patternProblem('(?P<n>a)(?P=n)')).toMatch(/backreferences/)
    expect(patternProblem('foo(?=bar)')).toMatch(/lookaheads and lookbehinds .* not supported/)
    expect(patternProblem('(?!bar)foo')).toMatch(/lookaheads/)
    expect(patternProblem('(?<=a)b')).toMatch(/lookaheads and lookbehinds/)
    expect(patternProblem('(?<!a)b')).toMatch(/lookaheads and lookbehinds/)
    expect(patternProblem('(?>a+)b')).toMatch(/atomic groups and possessive quantifiers/)
    expect(patternProblem('a*+b')).toMatch(/atomic groups and possessive quantifiers/)
  })

  it('refuses huge patterns: repeat counts past 1000 and oversized programs', () => {
    expect(patternProblem('a{1001}')).toMatch(/repeat count \{1001\} is too large/)
    expect(patternProblem('(a{100}){100}')).toMatch(/repeat count .* too large/)
    expect(patternProblem('x{2,1000}y{2,1000}')).toMatch(new RegExp(`more than the ${MAX_PROGRAM_SIZE} a rule may have`))
  })

  it('names the mistake in an invalid pattern', () => {
    expect(patternProblem('[a-')).toMatch(/^keyword is not a valid RE2 regular expression: missing closing \]/)
    expect(patternProblem('(')).toBe('keyword is not a valid RE2 regular expression: missing closing ) at `(`')
    expect(patternProblem('\\u00e9')).toMatch(/write \\x\{XXXX\}/)
  })
})
