import { RE2JS } from 're2js'

/**
 * Compiled size limit of a REGEX rule, in RE2 instructions. Matching time grows with it (linearly, and
 * with the text); keyword patterns need a few dozen. `.{1000}` or `\d{500}\w{500}` is a mistake or an attack.
 */
export const MAX_PROGRAM_SIZE = 1000

/** A REGEX rule as the engine runs it: RE2 syntax, ignoring case, a match anywhere in the text. */
export function compileRulePattern(pattern: string): RE2JS {
  return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE)
}

/**
 * Why `pattern` cannot be a REGEX rule, in words that say what to change, or null when it can. Compiles
 * it: RE2 refuses what it cannot match in linear time (backreferences, lookarounds) by itself.
 */
export function patternProblem(pattern: string): string | null {
  try {
    // Without the case flag first: re2js reports errors with the flag's (?i) prefixed to the pattern.
    RE2JS.compile(pattern)
  } catch (error) {
    return describeSyntaxError(pattern, error)
  }
  const size = compileRulePattern(pattern).programSize()
  if (size > MAX_PROGRAM_SIZE) {
    return `keyword: this pattern compiles to ${size} RE2 instructions, more than the ${MAX_PROGRAM_SIZE} a rule may have; use fewer or smaller repeat counts ({n})`
  }
  return null
}

const LINEAR = 'REGEX rules use RE2 syntax, which matches in time linear in the text'

function describeSyntaxError(pattern: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const [, description = message, part = ''] = /^error parsing regexp: (.*?)(?:: `([\s\S]*)`)?$/.exec(message) ?? []
  if (/^\\[1-9kg]/.test(part) || (part === '(?P' && /\(\?P[=>]/.test(pattern))) return `keyword: backreferences (\\1, \\k<name>) are not supported: ${LINEAR}`
  if (/^\(\?<?[=!]/.test(part)) return `keyword: lookaheads and lookbehinds ((?=…), (?!…), (?<=…), (?<!…)) are not supported: ${LINEAR}`
  if (/\(\?>/.test(part) || (description.includes('nested repetition') && /[*+?}]\+$/.test(part))) {
    return `keyword: atomic groups and possessive quantifiers ((?>…), a*+) are not supported: ${LINEAR}; a plain group or quantifier is safe here`
  }
  if (description.includes('invalid repeat count')) return `keyword: repeat count ${part} is too large: a count may be at most 1000, and nested counts multiplied together too`
  if (part.startsWith('\\u')) return 'keyword: \\uXXXX escapes are not RE2 syntax: write \\x{XXXX}'
  return `keyword is not a valid RE2 regular expression: ${description}${part ? ` at \`${part}\`` : ''}`
}
