import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import { AutoReplyEventTypes, type AutoReplyEvent, type AutoReplyRuleData } from './autoreply-events.ts'
import type { AutoReplyState } from './autoreply-state.ts'
import { MATCH_TYPES } from './match-type.ts'

/** A keyword is something people type: long ones are a mistake, not a use. */
export const MAX_KEYWORD_LENGTH = 1000
/** REGEX keywords are RE2 patterns; past this length they are hard to review and costly to compile. */
export const MAX_PATTERN_LENGTH = 500
/** Every received message is compared with each of its session's rules: keep that list short. */
export const MAX_RULES_PER_SESSION = 200
/** WhatsApp's own limit on a text message. */
export const MAX_RESPONSE_LENGTH = 65_536

/** Records a new rule. The REGEX pattern itself is checked by the regex engine before this. */
export function decideCreate(state: AutoReplyState, rule: AutoReplyRuleData): AutoReplyEvent[] {
  if (state.exists) throw new ConflictError(`auto-reply rule ${rule.id} exists`)
  if (!MATCH_TYPES.includes(rule.matchType)) throw new ValidationError(`matchType must be one of ${MATCH_TYPES.join(', ')}`)
  if (rule.keyword.trim() === '') throw new ValidationError('keyword must not be empty')
  if (rule.response.trim() === '') throw new ValidationError('response must not be empty')
  if (rule.keyword.length > MAX_KEYWORD_LENGTH) throw new ValidationError(`keyword takes at most ${MAX_KEYWORD_LENGTH} characters`)
  if (rule.matchType === 'REGEX' && rule.keyword.length > MAX_PATTERN_LENGTH) {
    throw new ValidationError(`keyword: a REGEX pattern takes at most ${MAX_PATTERN_LENGTH} characters`)
  }
  if (rule.response.length > MAX_RESPONSE_LENGTH) throw new ValidationError(`response takes at most ${MAX_RESPONSE_LENGTH} characters`)
  return [{ type: AutoReplyEventTypes.created, data: rule }]
}

export function decideDelete(state: AutoReplyState): AutoReplyEvent[] {
  if (!state.exists || state.deleted) throw new NotFoundError(`auto-reply rule ${state.id} not found`)
  return [{ type: AutoReplyEventTypes.deleted, data: { id: state.id, sessionId: state.sessionId } }]
}
