import { describe, expect, it } from 'vitest'
import { userDecider } from './user-decider.ts'
import type { UserEvent } from './user-events.ts'
import { foldUser } from './user-state.ts'

describe('user commands', () => {
  it('decides each change of an UpdateUser on the state the one before left: a new STAFF user can be assigned at once', () => {
    const history: UserEvent[] = userDecider.decide(
      { type: 'RegisterUser', data: { id: 'u1', email: 'a@example.com', role: 'OWNER', passwordHash: 'h0' } },
      userDecider.initialState,
    )
    const events = userDecider.decide({ type: 'UpdateUser', data: { role: 'STAFF', assignedSessionIds: ['s2', 's1'], passwordHash: 'h1' } }, foldUser(history))
    expect(events.map((e) => e.type)).toEqual(['user.role-changed', 'user.sessions-assigned', 'user.password-changed'])
    expect(foldUser([...history, ...events])).toMatchObject({ role: 'STAFF', sessionIds: ['s1', 's2'], passwordHash: 'h1' })
    expect(userDecider.decide({ type: 'UpdateUser', data: { role: 'STAFF', disabled: false } }, foldUser([...history, ...events]))).toEqual([])
  })
})
