/**
 * Matches REGEX auto-reply rules. The contract every adapter keeps: RE2 semantics (no
 * backreferences, no lookarounds: time linear in the text), case-insensitive, unanchored (a match
 * anywhere in the text, like RegExp.test; `^` and `$` anchor), and a hard time bound, so that no
 * pattern and no text can stall the gateway.
 */
export interface RegexEngine {
  /** Why `pattern` cannot be a rule (unsupported syntax, too large, too slow to compile), or null when it can. */
  check(pattern: string): Promise<string | null>
  /** Which of `patterns` matches `text` first, in the order given. */
  firstMatch(patterns: readonly string[], text: string): Promise<RegexVerdict>
  close(): Promise<void>
}

export interface RegexVerdict {
  /** Index of the first pattern that matches; null when none does (or the time bound came first). */
  readonly index: number | null
  /** The time bound stopped the matching: the patterns not yet tried count as not matching. */
  readonly timedOut: boolean
}
