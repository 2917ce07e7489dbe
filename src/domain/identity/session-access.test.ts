import { describe, expect, it } from 'vitest'
import type { Caller } from './caller.ts'
import { canAccessSession, type SessionAction } from './session-access.ts'

const caller = (role: Caller['role'], userId: string, assigned: string[] = []): Caller => ({
  userId,
  email: `${userId}@example.com`,
  role,
  assignedSessionIds: assigned,
  via: 'api-key',
})
const session = { sessionId: 'abc123', userId: 'owner-1' }
const actions: SessionAction[] = ['view', 'control', 'send', 'configure', 'delete']

describe('canAccessSession', () => {
  it('lets a superadmin do everything to any session', () => {
    for (const action of actions) expect(canAccessSession(caller('SUPERADMIN', 'admin'), session, action)).toBe(true)
  })
  it('lets an owner do everything to their own sessions and nothing to others', () => {
    for (const action of actions) {
      expect(canAccessSession(caller('OWNER', 'owner-1'), session, action)).toBe(true)
      expect(canAccessSession(caller('OWNER', 'owner-2'), session, action)).toBe(false)
    }
  })
  it('lets staff work on assigned sessions but never delete them', () => {
    const staff = caller('STAFF', 'staff-1', ['abc123'])
    for (const action of actions) expect(canAccessSession(staff, session, action)).toBe(action !== 'delete')
    for (const action of actions) expect(canAccessSession(caller('STAFF', 'staff-2', ['other']), session, action)).toBe(false)
  })
})
