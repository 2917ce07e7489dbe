import { badRequest } from '../errors.ts'
import { changeParticipants, createGroup, requireGroup } from '../groups.ts'
import { pnJid } from '../jid.ts'
import type { Facet } from './facet.ts'
import { requireUser } from './lookups.ts'
import { groupInfo } from './to-info.ts'

export const groupsFacet: Facet<'createGroup' | 'listGroups' | 'getGroup' | 'updateGroupParticipants'> = ({ core }) => ({
  createGroup(input) {
    if (!input || !Array.isArray(input.participants)) throw badRequest('participants must be an array')
    return groupInfo(
      core,
      createGroup(core, {
        creator: requireUser(core, input.creator),
        subject: input.subject,
        participants: input.participants.map(id => requireUser(core, id)),
      }),
    )
  },
  listGroups: () => core.world.groups().map(group => groupInfo(core, group)),
  getGroup: id => groupInfo(core, requireGroup(core, id)),
  updateGroupParticipants(input) {
    const group = requireGroup(core, input.group)
    const actor = requireUser(core, input.actor)
    if (!['add', 'remove', 'promote', 'demote'].includes(input.action)) throw badRequest('action must be add, remove, promote or demote')
    if (!group.participants.some(p => p.pn === actor.pn)) throw badRequest(`${actor.pn} is not a member of the group`)
    if (!Array.isArray(input.participants)) throw badRequest('participants must be an array')
    changeParticipants(core, group, actor, input.action, input.participants.map(id => pnJid(requireUser(core, id).pn)))
    return groupInfo(core, group)
  },
})
