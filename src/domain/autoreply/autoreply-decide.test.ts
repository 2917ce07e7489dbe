import { describe, expect, it } from 'vitest'
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts'
import { decideCreate, decideDelete, MAX_PATTERN_LENGTH } from './autoreply-decide.ts'
import type { AutoReplyEvent, AutoReplyRuleData } from './autoreply-events.ts'
import { evolveAutoReply, initialAutoReplyState } from './autoreply-state.ts'

const fold = (events: AutoReplyEvent[]) => events.reduce(evolveAutoReply, initialAutoReplyState)
const rule = (overrides: Partial<AutoReplyRuleData> = {}): AutoReplyRuleData => ({
  id: 'r1',
  sessionId: 's1',
  userId: 'u1',
  keyword: '!help',
  response: 'Here is the help menu...',
  matchType: 'EXACT',
  ...overrides,
})

describe('auto-reply rule decisions', () => {
  it('creates a rule once and deletes it once', () => {
    const history = decideCreate(initialAutoReplyState, rule())
    expect(history).toEqual([{ type: 'autoreply.created', data: rule() }])
    expect(() => decideCreate(fold(history), rule())).toThrow(ConflictError)
    history.push(...decideDelete(fold(history)))
    expect(history.at(-1)).toEqual({ type: 'autoreply.deleted', data: { id: 'r1', sessionId: 's1' } })
    expect(() => decideDelete(fold(history))).toThrow(NotFoundError)
    expect(() => decideDelete(initialAutoReplyState)).toThrow(NotFoundError)
  })

  it('refuses empty keywords and responses, unknown match types and oversized patterns', () => {
    expect(() => decideCreate(initialAutoReplyState, rule({ keyword: '  ' }))).toThrow(ValidationError)
    expect(() => decideCreate(initialAutoReplyState, rule({ response: '' }))).toThrow(ValidationError)
    expect(() => decideCreate(initialAutoReplyState, rule({ matchType: 'FUZZY' as never }))).toThrow(/matchType must be one of EXACT, CONTAINS, REGEX/)
    expect(() => decideCreate(initialAutoReplyState, rule({ matchType: 'REGEX', keyword: 'a'.repeat(MAX_PATTERN_LENGTH + 1) }))).toThrow(/at most 500/)
    expect(decideCreate(initialAutoReplyState, rule({ matchType: 'CONTAINS', keyword: 'a'.repeat(MAX_PATTERN_LENGTH + 1) }))).toHaveLength(1)
  })
})
