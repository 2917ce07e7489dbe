import { describe, expect, it } from 'vitest'
import { applyParticipantsChange } from './apply-participants-change.ts'

const members = [
  { id: 'a@s.whatsapp.net', admin: 'superadmin' as const },
  { id: 'b@s.whatsapp.net', admin: null },
]

describe('applyParticipantsChange', () => {
  it('adds, promotes, demotes and removes members', () => {
    const added = applyParticipantsChange(members, { action: 'add', participants: ['c@s.whatsapp.net'] })
    expect(added.map((p) => p.id)).toEqual(['a@s.whatsapp.net', 'b@s.whatsapp.net', 'c@s.whatsapp.net'])
    const promoted = applyParticipantsChange(added, { action: 'promote', participants: ['b@s.whatsapp.net', 'a@s.whatsapp.net'] })
    expect(promoted.map((p) => p.admin)).toEqual(['superadmin', 'admin', null])
    const demoted = applyParticipantsChange(promoted, { action: 'demote', participants: ['b@s.whatsapp.net'] })
    expect(demoted[1]!.admin).toBeNull()
    expect(applyParticipantsChange(demoted, { action: 'remove', participants: ['a@s.whatsapp.net'] }).map((p) => p.id)).toEqual([
      'b@s.whatsapp.net',
      'c@s.whatsapp.net',
    ])
  })
})
