import type { GroupParticipant, GroupUpdateData } from '../../domain/messages/message-events.ts'

/** A group's member list after someone joined, left, was promoted or demoted. */
export function applyParticipantsChange(
  participants: readonly GroupParticipant[],
  change: NonNullable<GroupUpdateData['participantsChange']>,
): GroupParticipant[] {
  const changed = new Set(change.participants)
  switch (change.action) {
    case 'add':
      return [...participants.filter((p) => !changed.has(p.id)), ...change.participants.map((id) => ({ id, admin: null }))]
    case 'remove':
      return participants.filter((p) => !changed.has(p.id))
    case 'promote':
      return participants.map((p) => (changed.has(p.id) ? { ...p, admin: p.admin === 'superadmin' ? p.admin : 'admin' } : p))
    case 'demote':
      return participants.map((p) => (changed.has(p.id) ? { ...p, admin: null } : p))
    default:
      return [...participants]
  }
}
