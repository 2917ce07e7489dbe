import type { RegexEngine } from '../ports/regex-engine.ts'
import type { MatchType } from './match-type.ts'

export interface MatchableRule {
  readonly id: string
  readonly keyword: string
  readonly matchType: MatchType
}

/** What EXACT and CONTAINS compare: trimmed, one Unicode form, case folded. */
export function normalizeForMatch(text: string): string {
  return text.trim().normalize('NFC').toLowerCase()
}

/** EXACT: the whole trimmed message is the keyword; CONTAINS: the keyword is in it. Both ignore case. */
export function matchesLiterally(rule: MatchableRule, normalizedText: string): boolean {
  const keyword = normalizeForMatch(rule.keyword)
  if (rule.matchType === 'EXACT') return normalizedText === keyword
  if (rule.matchType === 'CONTAINS') return normalizedText.includes(keyword)
  return false
}

export interface RuleMatch<Rule> {
  /** The first rule, in the order given, that matches; null when none does. */
  readonly rule: Rule | null
  /** Some REGEX rules ran out of time and counted as not matching. */
  readonly timedOut: boolean
}

/**
 * The first rule (in the order given: creation order) that matches the message text. Literal rules are
 * compared here; only the REGEX rules ordered before the first literal match go to the engine, in one
 * call, so a message costs at most one bounded trip to it.
 */
export async function findMatchingRule<Rule extends MatchableRule>(rules: readonly Rule[], text: string, regex: RegexEngine): Promise<RuleMatch<Rule>> {
  const normalized = normalizeForMatch(text)
  const literal = rules.findIndex((rule) => rule.matchType !== 'REGEX' && matchesLiterally(rule, normalized))
  const candidates = (literal === -1 ? rules : rules.slice(0, literal)).filter((rule) => rule.matchType === 'REGEX')
  if (candidates.length > 0) {
    const verdict = await regex.firstMatch(
      candidates.map((rule) => rule.keyword),
      text.trim(),
    )
    if (verdict.index !== null) return { rule: candidates[verdict.index] ?? null, timedOut: verdict.timedOut }
    return { rule: literal === -1 ? null : rules[literal]!, timedOut: verdict.timedOut }
  }
  return { rule: literal === -1 ? null : rules[literal]!, timedOut: false }
}
