import { describe, expect, it } from 'vitest'
import { ForbiddenError, ValidationError } from '../errors.ts'
import {
  decideAssignSessions,
  decideChangeRole,
  decideDisable,
  decideIssueApiKey,
  decideRegister,
  decideRevokeApiKey,
} from './user-decide.ts'
import type { UserEvent } from './user-events.ts'
import { foldUser, initialUserState } from './user-state.ts'

const registered = (role: 'OWNER' | 'STAFF' | 'SUPERADMIN' = 'STAFF'): UserEvent[] =>
  decideRegister(initialUserState, { id: 'u1', email: 'a@example.com', role, passwordHash: '$argon2id$…' })
const key = (n: number) => ({ keyId: `k${n}`, keyHash: `h${n}`, sealedKey: `s${n}`, prefix: `wag_${n}` })

describe('user decisions', () => {
  it('assigns sessions to staff only, deduplicated, and records nothing when unchanged', () => {
    const history = [...registered()]
    history.push(...decideAssignSessions(foldUser(history), ['b', 'a', 'b']))
    expect(foldUser(history).sessionIds).toEqual(['a', 'b'])
    expect(decideAssignSessions(foldUser(history), ['a', 'b'])).toEqual([])
    expect(() => decideAssignSessions(foldUser(registered('OWNER')), ['a'])).toThrow(ValidationError)
  })

  it('drops assignments when a staff user becomes an owner', () => {
    const history = [...registered()]
    history.push(...decideAssignSessions(foldUser(history), ['a']))
    history.push(...decideChangeRole(foldUser(history), 'OWNER'))
    expect(foldUser(history)).toMatchObject({ role: 'OWNER', sessionIds: [] })
    expect(decideChangeRole(foldUser(history), 'OWNER')).toEqual([])
  })

  it('lets only the latest API key count; revoking twice is a no-op', () => {
    const history = [...registered()]
    history.push(...decideIssueApiKey(foldUser(history), key(1)))
    history.push(...decideIssueApiKey(foldUser(history), key(2)))
    expect(foldUser(history).apiKeyId).toBe('k2')
    history.push(...decideRevokeApiKey(foldUser(history)))
    expect(foldUser(history).apiKeyId).toBeNull()
    expect(decideRevokeApiKey(foldUser(history))).toEqual([])
  })

  it('refuses new keys to a disabled user', () => {
    const history = [...registered()]
    history.push(...decideDisable(foldUser(history), true))
    expect(() => decideIssueApiKey(foldUser(history), key(1))).toThrow(ForbiddenError)
    expect(decideDisable(foldUser(history), true)).toEqual([])
  })
})
